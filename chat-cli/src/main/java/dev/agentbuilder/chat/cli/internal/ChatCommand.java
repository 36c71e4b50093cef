package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.common.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * {@code chat-cli chat}: an interactive conversation that survives lost connections, on a {@link ChatClient} (which
 * reconnects, resumes and resends). Lines are read from the given reader (stdin by default) on a thread of their own
 * ({@code chat-input}), so the command's thread can react to the input, the end of input and the client stopping, all
 * taken in order from one queue: a typed line goes now, or waits behind a change to the draft ({@link HeldLines}), and
 * {@link TypedLines} carries it out. The held lines are confined to the command's thread.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Chats in a thread: type a message and the builder's reply streams in.",
            "Changes to the agent draft show as [agent] lines: the version, who made it",
            "(builder, user or revert) and what changed.",
            "Reconnects by itself and sends what was typed meanwhile once connected again;",
            "stops instead when the server refuses the join: invalid request (4400),",
            "unauthorized (4401) or forbidden (4403).",
            "",
            "Commands:",
            "  /agent             show the agent draft (JSON)",
            "  /edit FIELD VALUE  change the draft by hand; FIELD is name, description,",
            "                     instructions, starters or capabilities:",
            "                       /edit name Wanderlust",
            "                       /edit starters Plan a weekend in Rome | Find a flight",
            "                       /edit capabilities web_search, code_interpreter",
            "                     An empty VALUE clears the field; \\n in a text is a line",
            "                     break. The change waits until the builder has answered",
            "                     everything sent before it (what is typed after it waits",
            "                     behind it), then is made on the newest version received;",
            "                     if the draft changed meanwhile the server refuses it",
            "                     (version_conflict): look at /agent and type it again.",
            "  /revert N          make the draft what it was at version N, as a new version",
            "                     (0 is the empty draft); waits as /edit does",
            "  /history           the draft's versions: who made each and what changed. From",
            "                     the events this session received (chat joins from the",
            "                     start of the thread); versions it lacks are read with a",
            "                     second, one-shot connection, as chat-cli history does.",
            "  /preview           toggle preview mode: messages go to the agent being built,",
            "                     which answers as itself (shown by its name); on a terminal",
            "                     the prompt is preview> instead of >",
            "  /cancel            stop the current reply",
            "  /help              list the commands",
            "  /quit              leave",
            "",
            "At the end of input, waits for the replies and for the answers to /edit and",
            "/revert, then exits: with 4 if the server refused any of them."},
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {
            ExitCodes.OK_HELP, ExitCodes.USAGE_HELP, ExitCodes.SERVER_ERROR_HELP, ExitCodes.TIMEOUT_HELP})
public final class ChatCommand implements Callable<Integer> {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** What the command's thread reacts to. */
    private sealed interface Signal {
    }

    private record Line(String text) implements Signal {
    }

    private record EndOfInput() implements Signal {
    }

    private record Settled() implements Signal {
    }

    private record Stopped(ConnectionStatus stop) implements Signal {

        /** Whether the server refused us for good, rather than the client being closed. */
        boolean refused() {
            return stop.state() == ConnectionStatus.State.ERROR;
        }
    }

    /** Everything sent is answered: a held change to the draft may go now. */
    private record Quiet() implements Signal {
    }

    /** The view heard something that may let a held change to the draft go. */
    private record ReadinessChange() implements Signal {
    }

    private final Reader input;
    private final boolean terminal;
    /** Typed lines waiting behind a change to the draft. Confined to the command's thread. */
    private final HeldLines held = new HeldLines();

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

    // For tests: a chat that resumed after a seq, so it lacks the events before it (as /history must handle).
    @Option(names = "--last-seq", paramLabel = "SEQ", hidden = true, defaultValue = "0",
            description = "Join as if the events up to SEQ had been received.")
    private long lastSeq;

    @Spec
    private CommandSpec spec;

    /**
     * @param input    where the typed lines come from; read on the {@code chat-input} thread
     * @param terminal whether a person types at a terminal: then a prompt is shown
     */
    public ChatCommand(Reader input, boolean terminal) {
        this.input = Objects.requireNonNull(input, "input");
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InterruptedException {
        Target target = connection.target(spec);
        Backoff backoff;
        try {
            backoff = new Backoff(backoffBase != null ? backoffBase : Backoff.RECONNECT.initial(),
                    backoffCap != null ? backoffCap : Backoff.RECONNECT.max());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (lastSeq < 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--last-seq': must be >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        ChatView view = new ChatView(out, target.userId(), terminal);
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        view.onReadinessChange(() -> signals.add(new ReadinessChange()));
        try (ChatClient client = target.client().backoff(backoff).connectTimeout(CONNECT_TIMEOUT).lastSeq(lastSeq)
                .listener(new ChatViewListener(view)).build()) {
            client.whenStopped().thenAccept(stop -> signals.add(new Stopped(stop)));
            startReadingInput(signals);
            client.connect();
            return converse(new TypedLines(target, client, view), client, view, signals);
        }
    }

    private int converse(TypedLines typed, ChatClient client, ChatView view,
            BlockingQueue<Signal> signals) throws InterruptedException {
        while (true) {
            Signal signal = signals.take();
            if (signal instanceof Line line) {
                String text = line.text();
                if (HeldLines.skipsTheQueue(text) || !held.mustHold(text)) {
                    if (!actNow(text, typed, view)) {
                        return ExitCodes.OK;
                    }
                    continue;
                }
                held.add(text);
            } else if (signal instanceof EndOfInput) {
                return finish(typed, client, view, signals);
            } else if (signal instanceof Stopped stopped && stopped.refused()) {
                throw new ExitException(ExitCodes.SERVER_ERROR, stopped.stop().reason());
            } else if (signal instanceof Quiet) {
                held.quiet();
            }
            if (!releaseHeld(typed, client, view, signals)) {
                return ExitCodes.OK;
            }
        }
    }

    /** Acts on a line that does not wait; false for {@code /quit}, which drops what waits (and says so). */
    private boolean actNow(String text, TypedLines typed, ChatView view) throws InterruptedException {
        boolean goOn = typed.act(text);
        if (!goOn && !held.isEmpty()) {
            view.print("[quit] " + held.dropAll() + " typed line(s) that waited were not sent");
        }
        held.sent();
        return goOn;
    }

    /** Acts on the held lines that may go now, in order; false for {@code /quit}. */
    private boolean releaseHeld(TypedLines typed, ChatClient client, ChatView view,
            BlockingQueue<Signal> signals) throws InterruptedException {
        HeldLines.Gate gate = new HeldLines.Gate() {
            @Override
            public boolean readyForChange() {
                return view.readyForChange();
            }

            @Override
            public boolean joined() {
                return view.draft() != null;
            }

            @Override
            public void askQuiet() {
                client.whenSettled().thenRun(() -> signals.add(new Quiet()));
            }

            @Override
            public void note(String text) {
                view.note(text);
            }
        };
        for (String next = held.next(gate); next != null; next = held.next(gate)) {
            if (!typed.act(next)) {
                return false;
            }
            held.sent();
        }
        return true;
    }

    /** The end of input: wait until every message typed is answered and every change answered, then leave. */
    private int finish(TypedLines typed, ChatClient client, ChatView view, BlockingQueue<Signal> signals)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!held.isEmpty()) {
            Signal signal = signals.poll(OneShot.remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (signal == null) {
                throw new ExitException(ExitCodes.TIMEOUT, held.size() + " typed line(s) still waited for the "
                        + "builder after " + Durations.format(timeout));
            }
            if (signal instanceof Stopped stopped && stopped.refused()) {
                throw new ExitException(ExitCodes.SERVER_ERROR, stopped.stop().reason());
            }
            if (signal instanceof Quiet) {
                held.quiet();
            }
            if (!releaseHeld(typed, client, view, signals)) {
                return ExitCodes.OK;
            }
        }
        client.whenSettled().thenRun(() -> signals.add(new Settled()));
        while (true) {
            Signal signal = signals.poll(OneShot.remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            if (signal == null) {
                throw new ExitException(ExitCodes.TIMEOUT,
                        "not every message was answered within " + Durations.format(timeout));
            }
            if (signal instanceof Settled) {
                List<String> failures = new ArrayList<>();
                if (view.failedMessages() > 0) {
                    failures.add(view.failedMessages() + " message(s) were refused or not answered");
                }
                if (view.failedChanges() > 0) {
                    failures.add(view.failedChanges() + " change(s) to the draft were refused");
                }
                if (!failures.isEmpty()) {
                    throw new ExitException(ExitCodes.SERVER_ERROR, String.join("; ", failures));
                }
                return ExitCodes.OK;
            }
            if (signal instanceof Stopped stopped && stopped.refused()) {
                throw new ExitException(ExitCodes.SERVER_ERROR, stopped.stop().reason());
            }
        }
    }

    /** Starts the {@code chat-input} thread, which hands each line read, then the end of input, to {@code signals}. */
    private void startReadingInput(BlockingQueue<Signal> signals) {
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
