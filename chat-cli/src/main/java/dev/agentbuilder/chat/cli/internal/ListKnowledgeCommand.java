package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.KnowledgeFiles;
import dev.agentbuilder.chat.protocol.WireFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chat-cli knowledge list}: the agent's knowledge files with their statuses now, as a table or as JSON. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the agent's knowledge files, in the order they were added.",
            "Columns: name, size, type (read from the content), status (indexing,",
            "ready, or failed and why) and id."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP, ExitCodes.NOT_FOUND_HELP})
final class ListKnowledgeCommand implements Callable<Integer> {

    @Mixin
    private ApiOptions api = new ApiOptions();

    @Option(names = "--json", description = "Print the server's answer as JSON: {\"files\":[...]}.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String threadId = api.threadId(spec);
        KnowledgeFiles knowledge = api.knowledge(spec, timeout);
        List<WireFile> files = ApiFailures.await(knowledge.list(threadId), "the list of files", knowledge.apiUrl(),
                timeout);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(FileJson.files(files));
        } else if (files.isEmpty()) {
            out.println("(no files)");
        } else {
            FileTable.lines(files).forEach(out::println);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
