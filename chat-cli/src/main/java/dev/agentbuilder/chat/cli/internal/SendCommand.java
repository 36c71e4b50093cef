package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli send}: one message, one reply. Connects with lastSeq 0 (the history replays first and is not
 * printed), sends the message, streams its reply to stdout and ends with a newline. Runs on the caller's thread.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends one message and prints the builder's reply as it streams in.",
            "With --preview, to the agent being built instead; when it answered from",
            "its knowledge files, the sources follow the reply, one line each."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.CONNECTION_HELP,
            ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP, ExitCodes.QUOTA_EXCEEDED_HELP})
public final class SendCommand implements Callable<Integer> {

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--json", description = "Print every frame received, one JSON object a line, exactly as received.")
    private boolean json;

    @Option(names = "--preview", description = "Send to the agent being built (the preview), not to the builder.")
    private boolean preview;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Give up when the reply has not arrived by then (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--client-message-id", paramLabel = "ID",
            description = "The idempotency key; sending it again never runs the message twice (default: a new UUID).")
    private String clientMessageId;

    @Parameters(paramLabel = "TEXT", description = "The message.")
    private String text;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Target target = connection.target(spec);
        String id = clientMessageId == null ? UUID.randomUUID().toString() : clientMessageId;
        if (id.isEmpty() || id.length() > 128) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--client-message-id': must be 1 to 128 characters");
        }
        if (text.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for parameter 'TEXT': must not be blank");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = Instant.now().plus(timeout);
        try (OneShot shot = OneShot.open(target, deadline, timeout)) {
            ReplyWatcher watcher = new ReplyWatcher(id);
            print(out, shot.ready());
            watcher.onFrame(shot.ready());
            if (preview) {
                shot.client().preview(text, id);
            } else {
                shot.client().send(text, id);
            }
            while (true) {
                OneShot.Event event = shot.next(deadline);
                if (event == null) {
                    throw new ExitException(ExitCodes.TIMEOUT, "no reply within " + Durations.format(timeout)
                            + (watcher.acked() ? "" : " (the message was not acknowledged)"));
                }
                if (event instanceof OneShot.Ended ended) {
                    throw OneShot.ended(ended.status(), "connection closed before the reply: ",
                            "connection lost before the reply: ");
                }
                if (event instanceof OneShot.Refused refused && id.equals(refused.clientMessageId())) {
                    throw new ExitException(ExitCodes.SERVER_ERROR,
                            "the message was not sent: " + refused.code() + ": " + refused.message());
                }
                if (!(event instanceof OneShot.Frame received)) {
                    continue;
                }
                ServerFrame frame = received.frame();
                print(out, frame);
                ReplyWatcher.Step step = watcher.onFrame(frame);
                if (step instanceof ReplyWatcher.Delta delta && !json) {
                    out.print(delta.text());
                    out.flush();
                } else if (step instanceof ReplyWatcher.Answered answered) {
                    if (!json) {
                        if (!answered.streamed()) {
                            out.print(answered.reply().content());
                        }
                        out.println();
                        Sources.lines(answered.reply().citations()).forEach(out::println);
                        out.flush();
                    }
                    return ExitCodes.OK;
                } else if (step instanceof ReplyWatcher.Failed failed) {
                    if (ErrorCodes.QUOTA_EXCEEDED.equals(failed.code())) {
                        throw new ExitException(ExitCodes.QUOTA_EXCEEDED, "the message was not sent: "
                                + TokensToday.refusal(failed.message(), failed.quota()));
                    }
                    throw new ExitException(ExitCodes.SERVER_ERROR,
                            "the server refused the message: " + failed.code() + ": " + failed.message());
                }
            }
        }
    }

    /** With {@code --json}, the frame as the protocol's codec writes it: the server writes them with the same one. */
    private void print(PrintWriter out, ServerFrame frame) {
        if (json) {
            out.println(ProtocolCodec.encode(frame));
            out.flush();
        }
    }
}
