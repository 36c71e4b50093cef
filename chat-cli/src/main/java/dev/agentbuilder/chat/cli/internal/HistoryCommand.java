package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli history}: joins the thread from seq 0, prints the stored messages the server replays (up to the
 * {@code lastSeq} announced in {@code ready}), leaves.
 */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the thread's stored transcript: time, role and content of every message.",
            "Messages of the preview are marked (preview); the agent's replies there carry",
            "its name as it was then."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
public final class HistoryCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--json", description = "Print each message frame as received, one JSON object per line.")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the server has not answered by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Target target = connection.target(spec);
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = Instant.now().plus(timeout);
        try (OneShot shot = OneShot.open(target, deadline, timeout)) {
            long lastSeq = shot.ready().lastSeq();
            long seq = 0;
            String agentName = "";
            while (seq < lastSeq) {
                ServerFrame frame = shot.nextFrame(deadline, timeout);
                if (frame instanceof ServerFrame.Message message) {
                    seq = message.seq();
                    out.println(json ? ProtocolCodec.encode(message)
                            : line(target.userId(), agentName, message.message()));
                } else if (frame instanceof ServerFrame.AgentUpdated updated) {
                    seq = updated.seq();
                    agentName = updated.agent().name();
                }
            }
            if (lastSeq == 0 && !json) {
                out.println("(no messages yet)");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * {@code 2026-11-25T20:22:25.172Z  builder  text}; continuation lines are indented under the text. A reply in the
     * preview is the agent's, by {@code agentName} (its name at the time).
     */
    static String line(String me, String agentName, WireMessage m) {
        boolean preview = "preview".equals(m.channel());
        String who = "assistant".equals(m.role())
                ? (preview ? (agentName == null || agentName.isBlank() ? "agent" : agentName) : "builder")
                : me.equals(m.userId()) ? "you" : m.userId();
        if (preview) {
            who = who + " (preview)";
        }
        String content = m.content();
        if (Boolean.TRUE.equals(m.stopped())) {
            content = content + (content.isEmpty() ? "" : " ") + "[stopped]";
        }
        String head = m.createdAt() + "  " + who + "  ";
        return head + content.replace("\n", "\n" + " ".repeat(head.length()));
    }
}
