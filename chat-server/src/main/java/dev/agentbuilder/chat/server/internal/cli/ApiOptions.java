package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import picocli.CommandLine.Option;

/**
 * chat-server's options for the HTTP API (docs/api.md): where its listener binds. Who may call it is the WebSocket's
 * rule ({@link AccessOptions}): the same tokens and the same browser origins.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class ApiOptions {

    // Order 5, like --admin-host: listed right after it, in the order declared (picocli's sort is stable).
    @Option(names = "--api-port", order = 5,
            defaultValue = "${env:CHAT_API_PORT:-" + ServerDefaults.API_PORT + "}",
            description = "Port of the HTTP API for backends and scripts (threads: list, read, rename, delete; "
                    + "GET /v1/openapi.json); 0 for any free port (env CHAT_API_PORT).")
    int apiPort;

    @Option(names = "--api-host", order = 5, defaultValue = "${env:CHAT_API_HOST}",
            description = "Address the API listener binds; default: --host (env CHAT_API_HOST).")
    String apiHost;

    /** The API listener's address: {@code --api-host}, else the server's. */
    public String apiHost(String serverHost) {
        return apiHost != null ? apiHost : serverHost;
    }

    public int apiPort() {
        return apiPort;
    }
}
