package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.client.ChatClientListener;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A single connection for a one-shot command, on a {@link ChatClient} that does not reconnect: the first close or
 * failure ends the command. The command's thread takes what the client reported, in order, with {@link #next}.
 *
 * <p>The queue is the only state shared with the client's thread and is thread-safe; everything else is used by the
 * command's thread only.
 */
final class OneShot implements AutoCloseable {

    /** What the client reported. */
    sealed interface Event {
    }

    /** A frame after {@code ready}, as decoded. */
    record Frame(ServerFrame frame) implements Event {
    }

    /** A request left the outbox unsent: refused by the server (its error frame came first) or by the client. */
    record Refused(String clientMessageId, String code, String message) implements Event {
    }

    /** The connection ended: the command cannot go on. */
    record Ended(ConnectionStatus status) implements Event {
    }

    private record Joined(ServerFrame.Ready ready) implements Event {
    }

    /** How the client's reason for a lost connection starts. */
    static final String LOST = "connection lost: ";

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ChatClient client;
    private ServerFrame.Ready ready;

    private OneShot(Target target, Duration timeout) {
        // A second more than the command waits: its own deadline, not the client's, says when it timed out.
        Duration patience = timeout.plusSeconds(1);
        this.client = target.client()
                .reconnect(false)
                .connectTimeout(patience)
                .readyTimeout(patience)
                .listener(new ChatClientListener() {
                    @Override
                    public void onReady(ServerFrame.Ready joined) {
                        events.add(new Joined(joined));
                    }

                    @Override
                    public void onFrame(ServerFrame frame) {
                        events.add(new Frame(frame));
                    }

                    @Override
                    public void onRefused(String clientMessageId, String code, String message) {
                        events.add(new Refused(clientMessageId, code, message));
                    }

                    @Override
                    public void onStopped(ConnectionStatus status) {
                        events.add(new Ended(status));
                    }
                })
                .build();
    }

    /**
     * Connects to {@code target} from seq 0 and waits for the join, until {@code deadline}.
     *
     * @throws ExitException with {@link ExitCodes#CONNECTION} when the server cannot be reached,
     *                       {@link ExitCodes#SERVER_ERROR} when it refuses the join, or {@link ExitCodes#TIMEOUT} when
     *                       the deadline passes first
     */
    static OneShot open(Target target, Instant deadline, Duration timeout) throws InterruptedException {
        OneShot shot = new OneShot(target, remaining(deadline));
        shot.client.connect();
        boolean joined = false;
        try {
            while (!joined) {
                Event event = shot.next(deadline);
                if (event == null) {
                    throw new ExitException(ExitCodes.TIMEOUT, "timed out after " + Durations.format(timeout)
                            + " connecting to " + shot.client.status().url());
                }
                if (event instanceof Ended ended) {
                    throw notJoined(ended.status());
                }
                if (event instanceof Joined join) {
                    shot.ready = join.ready();
                    joined = true;
                }
            }
        } finally {
            if (!joined) {
                shot.close();
            }
        }
        return shot;
    }

    /** The {@code ready} of the join. */
    ServerFrame.Ready ready() {
        return ready;
    }

    ChatClient client() {
        return client;
    }

    /** The next event, or null when none came before {@code deadline}. */
    Event next(Instant deadline) throws InterruptedException {
        return events.poll(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The next frame, for commands that read a few frames and stop.
     *
     * @throws ExitException on timeout, or when the connection ends, with the matching status
     */
    ServerFrame nextFrame(Instant deadline, Duration timeout) throws InterruptedException {
        while (true) {
            Event event = next(deadline);
            if (event == null) {
                throw new ExitException(ExitCodes.TIMEOUT,
                        "the server did not answer within " + Durations.format(timeout));
            }
            if (event instanceof Ended ended) {
                throw ended(ended.status(), "connection closed before the reply: ", LOST);
            }
            if (event instanceof Frame frame) {
                return frame.frame();
            }
        }
    }

    /** The connection ended before the join: refused, or not reached. */
    private static ExitException notJoined(ConnectionStatus status) {
        if (status.closeCode() != null) {
            return ended(status, "connection closed before the reply: ", LOST);
        }
        return new ExitException(ExitCodes.CONNECTION, "cannot connect to " + status.url() + ": " + status.reason(),
                status.cause());
    }

    /**
     * The connection ended after the join. A refusal (4400/4401/4403) or a failure of the server (1009, 1011) is the
     * server's error; any other close, or a lost connection, is a connection failure.
     *
     * @param closedPrefix how a command says a close came before it was done
     * @param lostPrefix   how it says the connection was lost: it replaces the client's {@value #LOST}
     */
    static ExitException ended(ConnectionStatus status, String closedPrefix, String lostPrefix) {
        Integer code = status.closeCode();
        if (status.state() == ConnectionStatus.State.ERROR) {
            return new ExitException(code == null ? ExitCodes.CONNECTION : ExitCodes.SERVER_ERROR, status.reason(),
                    status.cause());
        }
        if (code == null) {
            String words = status.reason().startsWith(LOST) ? status.reason().substring(LOST.length())
                    : status.reason();
            return new ExitException(ExitCodes.CONNECTION, lostPrefix + words, status.cause());
        }
        if (Failures.isServerError(code)) {
            return new ExitException(ExitCodes.SERVER_ERROR, "the server refused the connection: " + status.reason());
        }
        return new ExitException(ExitCodes.CONNECTION, closedPrefix + status.reason());
    }

    /** Closes normally and waits briefly for the server's answer. */
    @Override
    public void close() {
        client.close();
    }

    static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
