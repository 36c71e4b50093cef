package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.logging.LogFormats;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How chat-server reports what stops it before it serves: a usage error (picocli's message and usage, exit 2) and a
 * failed start (its message, with a stack trace only for a bug, exit 1). With JSON logs, each is one ERROR line
 * instead, so that every line of the output parses as JSON in that mode. Stateless.
 */
public final class CommandErrors {

    private CommandErrors() {
    }

    /** Sets both handlers on {@code cmd}; returns it. */
    public static CommandLine install(CommandLine cmd) {
        CommandLine.IParameterExceptionHandler usage = cmd.getParameterExceptionHandler();
        return cmd.setParameterExceptionHandler((e, args) -> {
            if (!LogFormats.json()) {
                return usage.handleParseException(e, args);
            }
            // Picocli's usage and suggestions would be lines of plain text: the reason alone, as one JSON line.
            LoggerFactory.getLogger("chat-server").error("chat-server: {}", e.getMessage());
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        }).setExecutionExceptionHandler((e, command, parseResult) -> {
            if (LogFormats.json()) {
                LoggerFactory.getLogger("chat-server").error("chat-server: {}", e.getMessage(),
                        e instanceof ChatException ? null : e);
                return 1;
            }
            command.getErr().println("chat-server: " + e.getMessage());
            if (!(e instanceof ChatException)) {
                e.printStackTrace(command.getErr());
            }
            return 1;
        });
    }
}
