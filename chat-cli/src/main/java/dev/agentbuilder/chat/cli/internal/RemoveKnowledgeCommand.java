package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.KnowledgeFiles;
import dev.agentbuilder.chat.common.Identifiers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chat-cli knowledge remove}: removes one knowledge file from the agent, with its bytes and passages. */
@Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Removes a knowledge file from the agent, with its bytes and passages.",
            "The agent's draft gets a new version without it."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
final class RemoveKnowledgeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE_ID", description = "The file's id, as knowledge list shows it.")
    private String fileId;

    @Mixin
    private ApiOptions api = new ApiOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!Identifiers.isValid(fileId)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for FILE_ID: '" + fileId
                    + "' must be 1 to 128 characters of A-Z a-z 0-9 _ . : - (as knowledge list shows it)");
        }
        String threadId = api.threadId(spec);
        KnowledgeFiles knowledge = api.knowledge(spec, timeout);
        ApiFailures.await(knowledge.remove(threadId, fileId), "the removal of " + fileId, knowledge.apiUrl(),
                timeout);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Removed " + fileId + ".");
        out.flush();
        return ExitCodes.OK;
    }
}
