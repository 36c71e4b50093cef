package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli agent}: joins the thread, asks the server for the agent draft in a format ({@code export_agent}),
 * prints the document it answers with ({@code agent_export}), leaves. The server renders all three formats, so every
 * client gets the same documents.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the thread's agent draft: as JSON, for OpenAI, or as Markdown.",
            "The server renders it (export_agent); --format picks one:",
            "  json      the draft's fields and version",
            "  openai    a request body for OpenAI's Responses API: model, instructions,",
            "            and tools from the capabilities, such as {\"type\": \"web_search\"}",
            "  markdown  a document: the name as the heading, the description,",
            "            instructions, conversation starters and capabilities"},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
public final class AgentCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json, openai or markdown (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!ProtocolCodec.EXPORT_FORMATS.contains(format)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--format': '" + format
                    + "' is not one of " + String.join(", ", ProtocolCodec.EXPORT_FORMATS));
        }
        Target target = connection.target(spec);
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = Instant.now().plus(timeout);
        try (OneShot shot = OneShot.open(target, deadline, timeout)) {
            // Its future is completed by the agent_export frame, which this loop takes as it comes; an error frame
            // about the request (an older server, say) comes that way too.
            shot.client().exportAgent(format);
            // The replay of the thread comes first; export_agent is answered to us alone, after it.
            while (true) {
                ServerFrame frame = shot.nextFrame(deadline, timeout);
                if (frame instanceof ServerFrame.AgentExport export) {
                    String content = export.content() == null ? "" : export.content();
                    out.print(content.endsWith("\n") ? content : content + System.lineSeparator());
                    out.flush();
                    return ExitCodes.OK;
                }
                // agent_error goes to every connection of the thread: it is about a turn, not about us.
                if (frame instanceof ServerFrame.ErrorFrame error && !ErrorCodes.AGENT_ERROR.equals(error.code())) {
                    throw new ExitException(ExitCodes.SERVER_ERROR, "the server refused the export: " + error.code()
                            + ": " + error.message() + (ErrorCodes.UNKNOWN_TYPE.equals(error.code())
                                    ? " (a server older than this chat-cli: it cannot export)" : ""));
                }
            }
        }
    }
}
