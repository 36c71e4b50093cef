package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.common.Identifiers;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command that joins a thread shares: the {@link UserOptions} (server, user, token) and the thread.
 * A picocli mixin; {@link #target} validates them and turns bad values into usage errors (exit 2).
 */
public final class ConnectionOptions {

    @Mixin
    private UserOptions user = new UserOptions();

    @Option(names = "--thread", paramLabel = "ID", defaultValue = "${env:CHAT_THREAD}",
            description = "The thread to join (env CHAT_THREAD).")
    private String thread;

    /** The validated options; a {@link ParameterException} for {@code command} when one is missing or bad. */
    Target target(CommandSpec command) {
        String threadId = requireId(command, "--thread", "CHAT_THREAD", thread);
        UserTarget who = user.target(command);
        return new Target(who.server(), threadId, who.userId(), who.token());
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
