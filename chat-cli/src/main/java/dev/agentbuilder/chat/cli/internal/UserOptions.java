package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of every command that connects: which server, who the user is, and the token that proves it. A
 * picocli mixin, for the commands on the user's list of threads ({@code threads}) as it is, and within
 * {@link ConnectionOptions} for those that join a thread. Bad values become usage errors (exit 2). Neither a token
 * nor the value of a {@code token} parameter in {@code --url} is ever part of a message.
 */
public final class UserOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CHAT_URL:-ws://localhost:3004}",
            description = "The chat server, ws:// or wss:// (env CHAT_URL; default: ${DEFAULT-VALUE}).")
    private String url;

    @Option(names = "--user", paramLabel = "ID", defaultValue = "${env:CHAT_USER}",
            description = "Who you are (env CHAT_USER).")
    private String user;

    // No ${DEFAULT-VALUE} in the description: it would print the token in the help.
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CHAT_TOKEN}",
            description = "Sent as 'Authorization: Bearer TOKEN' when connecting, for servers that check tokens "
                    + "(env CHAT_TOKEN; see chat-cli token).")
    private String token;

    /** The validated server and user; a {@link ParameterException} for {@code command} when one is missing or bad. */
    UserTarget target(CommandSpec command) {
        String userId = ConnectionOptions.requireId(command, "--user", "CHAT_USER", user);
        return new UserTarget(serverUri(command), userId, bearerToken(command));
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
}
