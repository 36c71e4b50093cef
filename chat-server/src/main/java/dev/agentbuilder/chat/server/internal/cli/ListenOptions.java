package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.ServerOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * chat-server's options for how the WebSocket server listens: address and port, the largest frame, the listen
 * backlog, and when a silent connection counts as lost.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class ListenOptions {

    @Option(names = "--port", order = 1, defaultValue = "${env:CHAT_PORT:-" + ServerDefaults.PORT + "}",
            description = "Port to listen on, 0 for any free port (env CHAT_PORT).")
    int port;

    @Option(names = "--host", order = 2, defaultValue = "${env:CHAT_HOST:-" + ServerDefaults.HOST + "}",
            description = "Address to bind (env CHAT_HOST).")
    String host;

    @Option(names = "--max-frame-bytes", order = 16,
            defaultValue = "${env:CHAT_MAX_FRAME_BYTES:-" + ServerDefaults.MAX_FRAME_BYTES + "}",
            description = "Largest inbound WebSocket frame; larger ones close with 1009 (env CHAT_MAX_FRAME_BYTES).")
    int maxFrameBytes;

    @Option(names = "--backlog", order = 19, defaultValue = "${env:CHAT_BACKLOG:-" + ServerDefaults.BACKLOG + "}",
            description = "Listen backlog for bursts of connects (env CHAT_BACKLOG).")
    int backlog;

    @Option(names = "--connection-lost-timeout", order = 20, defaultValue = "${env:CHAT_CONNECTION_LOST_TIMEOUT:-"
                    + ServerDefaults.CONNECTION_LOST_TIMEOUT_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "Close connections that answer no ping within this time; 0 disables (env "
                    + "CHAT_CONNECTION_LOST_TIMEOUT).")
    Duration connectionLostTimeout;

    public String host() {
        return host;
    }

    /**
     * The server's options, with the other options' parts.
     *
     * @throws IllegalArgumentException for a value out of range, naming it
     */
    public ServerOptions serverOptions(Duration shutdownDrain, ServerOptions.Access access,
            ServerOptions.Limits limits) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }
}
