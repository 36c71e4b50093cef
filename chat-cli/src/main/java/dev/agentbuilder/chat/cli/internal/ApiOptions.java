package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.KnowledgeFiles;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the commands that call the server's HTTP API ({@code knowledge}): its address, the thread, and the
 * token, which also says who the user is (the API takes no userId: without auth it trusts every request). A picocli
 * mixin; bad values become usage errors (exit 2). The token is never part of a message.
 */
final class ApiOptions {

    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "${env:CHAT_API_URL:-"
            + KnowledgeFiles.DEFAULT_API_URL + "}",
            description = "The server's HTTP API, http:// or https:// (env CHAT_API_URL; default: ${DEFAULT-VALUE}).")
    private String apiUrl;

    @Option(names = "--thread", paramLabel = "ID", defaultValue = "${env:CHAT_THREAD}",
            description = "The thread whose agent's files these are (env CHAT_THREAD).")
    private String thread;

    // No ${DEFAULT-VALUE} in the description: it would print the token in the help.
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CHAT_TOKEN}",
            description = "Sent as 'Authorization: Bearer TOKEN', for servers that check tokens; it says who you are "
                    + "(env CHAT_TOKEN; see chat-cli token).")
    private String token;

    /** The checked thread id; a usage error when it is missing or bad. */
    String threadId(CommandSpec command) {
        return ConnectionOptions.requireId(command, "--thread", "CHAT_THREAD", thread);
    }

    /** A client of the API with these options, each request given {@code timeout}; usage errors for bad values. */
    KnowledgeFiles knowledge(CommandSpec command, Duration timeout) {
        KnowledgeFiles.Builder builder = KnowledgeFiles.builder().timeout(timeout);
        try {
            builder.apiUrl(apiUrl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '--api-url': "
                    + e.getMessage());
        }
        try {
            builder.token(token);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '--token': must be one "
                    + "bearer token, such as chat-cli token prints (A-Z a-z 0-9 - . _ ~ + / and a trailing =)");
        }
        return builder.build();
    }
}
