package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.common.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chat-cli chat}: an interactive conversation that survives lost connections. Lines are read from the given
 * reader (stdin by default) on a thread of their own ({@code chat-input}), so the command's thread can react to the
 * input, the end of input and the session ending, all taken in order from one queue.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Chats in a thread: type a message and the builder's reply streams in.",
            "Reconnects by itself and sends what was typed meanwhile once connected again; stops instead when the",
            "server refuses the join: invalid request (4400), unauthorized (4401) or forbidden (4403).",
            "Commands: /agent, /cancel, /help, /quit. At the end of input, waits for the replies and exits."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
public final class ChatCommand implements Callable<Integer> {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static final String HELP = String.join(System.lineSeparator(),
            "Commands:",
            "  /agent   show the agent draft",
            "  /cancel  stop the builder's current reply",
            "  /help    show this help",
            "  /quit    leave",
            "Anything else is sent as a message.");

    /** What the command's thread reacts to. */
    private sealed interface Signal {
    }

    private record Line(String text) implements Signal {
    }

    private record EndOfInput() implements Signal {
    }

    private record Settled() implements Signal {
    }

    private record Stopped(SessionStop stop) implements Signal {
    }

    private final Reader input;

    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "At the end of input, how long to wait for the replies (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    // For tests: faster reconnects than Backoff.RECONNECT, the policy every client shares.
    @Option(names = "--backoff-base", paramLabel = "DURATION", hidden = true, converter = DurationConverter.class,
            description = "The first reconnect waits up to this long.")
    private Duration backoffBase;

    @Option(names = "--backoff-cap", paramLabel = "DURATION", hidden = true, converter = DurationConverter.class,
            description = "No reconnect waits longer than this.")
    private Duration backoffCap;

    @Spec
    private CommandSpec spec;

    /** @param input where the typed lines come from; read on the {@code chat-input} thread */
    public ChatCommand(Reader input) {
        this.input = Objects.requireNonNull(input, "input");
    }

    @Override
    public Integer call() throws InterruptedException {
        Endpoint endpoint = connection.endpoint(spec);
        Backoff backoff;
        try {
            backoff = new Backoff(backoffBase != null ? backoffBase : Backoff.RECONNECT.initial(),
                    backoffCap != null ? backoffCap : Backoff.RECONNECT.max());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        ChatView view = new ChatView(out, endpoint.userId());
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        try (ReconnectingSession session =
                     new ReconnectingSession(endpoint, backoff, CONNECT_TIMEOUT, view, new Random())) {
            session.whenStopped().thenAccept(stop -> signals.add(new Stopped(stop)));
            readLines(signals);
            session.start();
            return converse(session, view, signals);
        }
    }

    private int converse(ReconnectingSession session, ChatView view, BlockingQueue<Signal> signals)
            throws InterruptedException {
        while (true) {
            Signal signal = signals.take();
            if (signal instanceof Line line) {
                if (!handle(line.text(), session, view)) {
                    return ExitCodes.OK;
                }
            } else if (signal instanceof EndOfInput) {
                return finish(session, view, signals);
            } else if (signal instanceof Stopped stopped && stopped.stop().refused()) {
                throw new ExitException(ExitCodes.SERVER_ERROR, stopped.stop().why());
            }
        }
    }

    /** Acts on one typed line; false for {@code /quit}. */
    private static boolean handle(String text, ReconnectingSession session, ChatView view) {
        String line = text.strip();
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/")) {
            String clientMessageId = UUID.randomUUID().toString();
            view.typed(clientMessageId);
            session.send(clientMessageId, text);
            return true;
        }
        String command = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        switch (command) {
            case "/quit":
            case "/exit":
                return false;
            case "/agent":
                view.printAgent();
                return true;
            case "/cancel":
                session.cancel().thenAccept(sent -> {
                    if (!sent) {
                        view.print("[error] not connected; nothing was cancelled");
                    }
                });
                return true;
            case "/help":
                view.print(HELP);
                return true;
            default:
                view.print("[error] unknown command " + command + "; type /help");
                return true;
        }
    }

    /** The end of input: wait until every message typed is answered, then leave. */
    private int finish(ReconnectingSession session, ChatView view, BlockingQueue<Signal> signals)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        session.whenSettled().thenRun(() -> signals.add(new Settled()));
        while (true) {
            Signal signal = signals.poll(OneShotConnection.remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (signal == null) {
                throw new ExitException(ExitCodes.TIMEOUT,
                        "not every message was answered within " + Durations.format(timeout));
            }
            if (signal instanceof Settled) {
                int failed = view.failedOwn();
                if (failed > 0) {
                    throw new ExitException(ExitCodes.SERVER_ERROR,
                            failed + " message(s) were refused or not answered");
                }
                return ExitCodes.OK;
            }
            if (signal instanceof Stopped stopped && stopped.stop().refused()) {
                throw new ExitException(ExitCodes.SERVER_ERROR, stopped.stop().why());
            }
        }
    }

    private void readLines(BlockingQueue<Signal> signals) {
        Thread reader = new Thread(() -> {
            try {
                BufferedReader lines = new BufferedReader(input);
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    signals.add(new Line(line));
                }
            } catch (IOException e) {
                LoggerFactory.getLogger(ChatCommand.class).debug("reading the input failed: {}", e.toString());
            } finally {
                signals.add(new EndOfInput());
            }
        }, "chat-input");
        reader.setDaemon(true);
        reader.start();
    }
}
