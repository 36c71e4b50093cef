package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command that joins a thread shares: which server, thread and user, and the token that proves who
 * the user is. A picocli mixin; {@link #target} validates them and turns bad values into usage errors (exit 2).
 * Neither a token nor the value of a {@code token} parameter in {@code --url} is ever part of a message.
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

    // No ${DEFAULT-VALUE} in the description: it would print the token in the help.
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CHAT_TOKEN}",
            description = "Sent as 'Authorization: Bearer TOKEN' when connecting, for servers that check tokens "
                    + "(env CHAT_TOKEN; see chat-cli token).")
    private String token;

    /** The validated options; a {@link ParameterException} for {@code command} when one is missing or bad. */
    Target target(CommandSpec command) {
        String threadId = requireId(command, "--thread", "CHAT_THREAD", thread);
        String userId = requireId(command, "--user", "CHAT_USER", user);
        URI server = serverUri(command);
        return new Target(server, threadId, userId, bearerToken(command));
    }

    /** The token, or null when none is set (an empty CHAT_TOKEN counts as none). */
    private String bearerToken(CommandSpec command) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            // The client's rule: what an Authorization header can carry after "Bearer ".
            ChatClient.builder().token(token);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '--token': must be one "
                    + "bearer token, such as chat-cli token prints (A-Z a-z 0-9 - . _ ~ + / and a trailing =)");
        }
        return token;
    }

    private URI serverUri(CommandSpec command) {
        String shown = TokenMask.url(url);
        URI server;
        try {
            server = new URI(url);
        } catch (URISyntaxException e) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + shown + "' is not a URL: " + e.getReason());
        }
        if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + shown + "' must start with ws:// or wss://");
        }
        if (server.getHost() == null) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + shown + "' has no host");
        }
        if (server.getRawFragment() != null) {
            throw new ParameterException(command.commandLine(),
                    "Invalid value for option '--url': '" + shown + "' must not have a #fragment");
        }
        return server;
    }

    /** {@code value}, or a usage error when it is missing or breaks the id rule. */
    static String requireId(CommandSpec command, String option, String env, String value) {
        if (value == null) {
            throw new ParameterException(command.commandLine(),
                    "Missing required option: '" + option + "=ID' (or set " + env + ")");
        }
        return checkId(command, option, value);
    }

    /** {@code value}, or a usage error when it breaks the id rule. */
    static String checkId(CommandSpec command, String option, String value) {
        if (!Identifiers.isValid(value)) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '" + option + "': '"
                    + value + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
        }
        return value;
    }
}
