package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.core.Identifiers;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command shares: which server, thread and user. A picocli mixin; {@link #endpoint} validates them
 * and turns bad values into usage errors (exit 2).
 */
public final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CHAT_URL:-ws://localhost:3004}",
            description = "The chat server, ws:// or wss:// (env CHAT_URL; default: ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--thread", paramLabel = "ID", defaultValue = "${env:CHAT_THREAD}",
            description = "The thread to join (env CHAT_THREAD).")
    private String thread;

    @Option(names = "--user", paramLabel = "ID", defaultValue = "${env:CHAT_USER}",
            description = "Who you are in the thread (env CHAT_USER).")
    private String user;

    /** The validated options; a {@link ParameterException} for {@code command} when one is missing or bad. */
    Endpoint endpoint(CommandSpec command) {
        String threadId = requireId(command, "--thread", "CHAT_THREAD", thread);
        String userId = requireId(command, "--user", "CHAT_USER", user);
        URI server = serverUri(command);
        return new Endpoint(server, threadId, userId);
    }

    private URI serverUri(CommandSpec command) {
        URI server;
        try {
            server = new URI(url);
        } catch (URISyntaxException e) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + url + "' is not a URL: " + e.getReason());
        }
        if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + url + "' must start with ws:// or wss://");
        }
        if (server.getHost() == null) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + url + "' has no host");
        }
        if (server.getRawFragment() != null) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + url + "' must not have a #fragment");
        }
        return server;
    }

    private static String requireId(CommandSpec command, String option, String env, String value) {
        if (value == null) {
            throw new ParameterException(command.commandLine(),
                    "Missing required option: '" + option + "=ID' (or set " + env + ")");
        }
        if (!Identifiers.isValid(value)) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '" + option + "': '"
                    + value + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
        }
        return value;
    }
}
