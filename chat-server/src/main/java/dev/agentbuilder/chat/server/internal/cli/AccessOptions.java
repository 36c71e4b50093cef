package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.ServerOptions;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * chat-server's options for who may connect: the key that signs connection tokens, and the browser origins let in.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class AccessOptions {

    @Option(names = "--auth-secret", order = 22, defaultValue = "${env:CHAT_AUTH_SECRET}", paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "HS256 key (at least 32 bytes) that signs connection tokens; every connection then needs a "
                    + "token. Prefer the env CHAT_AUTH_SECRET: flags show in the process list.")
    String authSecret;

    @Option(names = "--allowed-origins", order = 23, split = ",", paramLabel = "ORIGIN",
            defaultValue = "${env:CHAT_ALLOWED_ORIGINS:-" + ServerDefaults.ALLOWED_ORIGINS + "}",
            description = "Browser origins that may connect, comma-separated; * allows any. Clients that send no "
                    + "Origin are always allowed (env CHAT_ALLOWED_ORIGINS).")
    List<String> allowedOrigins;

    /**
     * Who may connect; an empty secret is none.
     *
     * @throws IllegalArgumentException for a secret too short to sign with
     */
    public ServerOptions.Access access() {
        return ServerOptions.Access.defaults()
                .withAuthSecret(authSecret == null || authSecret.isEmpty() ? null : authSecret)
                .withAllowedOrigins(allowedOrigins);
    }
}
