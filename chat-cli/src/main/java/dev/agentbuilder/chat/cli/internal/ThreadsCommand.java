package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.common.Identifiers;
import java.io.Reader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli threads}: the user's list of threads, over a user connection (no thread joined): {@code list},
 * {@code rename}, {@code delete}. Only groups them; {@link #commandLine} builds the group with its commands.
 */
@Command(name = "threads", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = {
            "Lists, renames and deletes your threads (those of --user).",
            "Over a user connection, which joins no thread."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP, ExitCodes.SERVER_ERROR_HELP,
            ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
public final class ThreadsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private ThreadsCommand() {
    }

    /**
     * The group with its commands; {@code delete} asks for confirmation on {@code input} when {@code terminal}.
     */
    public static CommandLine commandLine(Reader input, boolean terminal) {
        return new CommandLine(new ThreadsCommand())
                .addSubcommand(new ListThreadsCommand())
                .addSubcommand(new RenameThreadCommand())
                .addSubcommand(new DeleteThreadCommand(input, terminal));
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required command: list, rename or delete");
    }

    /** {@code threadId}, or a usage error naming the parameter when it breaks the id rule. */
    static String checkThread(CommandSpec command, String threadId) {
        if (!Identifiers.isValid(threadId)) {
            throw new ParameterException(command.commandLine(), "Invalid value for THREAD: '" + threadId
                    + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
        }
        return threadId;
    }
}
