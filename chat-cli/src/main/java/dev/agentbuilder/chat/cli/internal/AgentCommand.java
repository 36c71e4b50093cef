package dev.agentbuilder.chat.cli.internal;

import com.google.gson.GsonBuilder;
import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.WireAgent;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chat-cli agent}: joins the thread, prints the agent draft from {@code ready} as pretty JSON, leaves. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the thread's agent draft as JSON.",
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
public final class AgentCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Endpoint endpoint = connection.endpoint(spec);
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = Instant.now().plus(timeout);
        try (OneShotConnection ws = OneShotConnection.open(endpoint, deadline, timeout)) {
            out.println(prettyJson(ws.awaitReady(deadline, timeout).agent()));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** The draft as indented JSON, with every field present (null when unset). */
    static String prettyJson(WireAgent agent) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(agent);
    }
}
