package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single connection for a one-shot command: the command's thread takes what arrived, in order, with
 * {@link #next}. No reconnects: a lost connection ends the command.
 *
 * <p>The queue is the only state shared with the HttpClient's threads and is thread-safe; everything else is used by
 * the command's thread only.
 */
final class OneShotConnection implements AutoCloseable {

    /** What the connection reported. */
    sealed interface Event {
    }

    /** A whole text frame, exactly as received. */
    record Text(String raw) implements Event {
    }

    record Closed(int code, String reason) implements Event {
    }

    record Lost(Throwable error) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WsConnection connection;
    private boolean ended;
    private String lastError;

    private OneShotConnection() {
        this.connection = new WsConnection(new WsConnection.Handler() {
            @Override
            public void onOpen(WsConnection from) {
            }

            @Override
            public void onText(WsConnection from, String text) {
                events.add(new Text(text));
            }

            @Override
            public void onClosed(WsConnection from, int code, String reason) {
                events.add(new Closed(code, reason));
            }

            @Override
            public void onFailure(WsConnection from, Throwable error) {
                events.add(new Lost(error));
            }
        });
    }

    /**
     * Connects to {@code endpoint} from seq 0, blocking until open or {@code deadline}.
     *
     * @throws ExitException with {@link ExitCodes#CONNECTION} when the server cannot be reached, or
     *                       {@link ExitCodes#TIMEOUT} when the deadline passes first
     */
    static OneShotConnection open(Endpoint endpoint, Instant deadline, Duration timeout) throws InterruptedException {
        URI uri = endpoint.uri(0);
        OneShotConnection result = new OneShotConnection();
        Duration left = remaining(deadline);
        if (left.toMillis() < 1) {
            left = Duration.ofMillis(1);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(left).build();
        try {
            result.connection.connect(http, uri, endpoint.headers(), left).get(left.toMillis(), TimeUnit.MILLISECONDS);
            return result;
        } catch (ExecutionException e) {
            throw new ExitException(ExitCodes.CONNECTION,
                    "cannot connect to " + Redact.url(uri) + ": " + Failures.describe(e), Failures.unwrap(e));
        } catch (TimeoutException e) {
            result.connection.abort();
            throw new ExitException(ExitCodes.TIMEOUT,
                    "timed out after " + Durations.format(timeout) + " connecting to " + Redact.url(uri));
        }
    }

    /** The next event, or null when none arrived before {@code deadline}. */
    Event next(Instant deadline) throws InterruptedException {
        Event event = events.poll(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        if (event instanceof Closed || event instanceof Lost) {
            ended = true;
        }
        return event;
    }

    /** Skips frames up to the thread's {@code ready}, the first frame of a join, and returns it. */
    ServerFrame.Ready awaitReady(Instant deadline, Duration timeout) throws InterruptedException {
        while (true) {
            if (nextFrame(deadline, timeout) instanceof ServerFrame.Ready ready) {
                return ready;
            }
        }
    }

    /**
     * The next frame the codec understands, for commands that read a few frames and stop. Frames of unknown types are
     * skipped; an {@code error} frame is remembered for the close that follows it.
     *
     * @throws ExitException on timeout, on a close or on a lost connection, with the matching status
     */
    ServerFrame nextFrame(Instant deadline, Duration timeout) throws InterruptedException {
        while (true) {
            Event event = next(deadline);
            if (event == null) {
                throw new ExitException(ExitCodes.TIMEOUT,
                        "the server did not answer within " + Durations.format(timeout));
            }
            if (event instanceof Closed closed) {
                throw SendCommand.closedEarly(closed.code(), closed.reason(), lastError);
            }
            if (event instanceof Lost lost) {
                throw new ExitException(ExitCodes.CONNECTION,
                        "connection lost: " + Failures.describe(lost.error()), Failures.unwrap(lost.error()));
            }
            if (ProtocolCodec.decodeServer(((Text) event).raw()) instanceof Decoded.Ok<ServerFrame> ok) {
                if (ok.frame() instanceof ServerFrame.ErrorFrame error) {
                    lastError = error.code() + ": " + error.message();
                }
                return ok.frame();
            }
        }
    }

    void send(ClientFrame frame) {
        connection.send(ProtocolCodec.encode(frame));
    }

    /** Closes normally and waits briefly for the server's answer; drops the connection if none comes. */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        connection.close(CloseCodes.NORMAL, "bye");
        Instant deadline = Instant.now().plus(ReconnectingSession.CLOSE_TIMEOUT);
        try {
            Event event;
            do {
                event = events.poll(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            } while (event instanceof Text);
            if (event == null) {
                connection.abort();
            }
        } catch (InterruptedException e) {
            connection.abort();
            Thread.currentThread().interrupt();
        }
    }

    static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
