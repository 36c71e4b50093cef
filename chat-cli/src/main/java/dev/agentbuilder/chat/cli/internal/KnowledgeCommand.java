package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli knowledge}: the agent's knowledge files, over the server's HTTP API: {@code add}, {@code list},
 * {@code remove}. Only groups them; {@link #commandLine} builds the group with its commands.
 */
@Command(name = "knowledge", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = {
            "Adds, lists and removes the knowledge files of a thread's agent.",
            "Over the server's HTTP API (--api-url). With file_search among its",
            "capabilities, the agent's preview answers from them and cites them."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP, ExitCodes.SERVER_ERROR_HELP,
            ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
public final class KnowledgeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private KnowledgeCommand() {
    }

    /** The group with its commands. */
    public static CommandLine commandLine() {
        return new CommandLine(new KnowledgeCommand())
                .addSubcommand(new AddKnowledgeCommand())
                .addSubcommand(new ListKnowledgeCommand())
                .addSubcommand(new RemoveKnowledgeCommand());
    }

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required command: add, list or remove");
    }
}
