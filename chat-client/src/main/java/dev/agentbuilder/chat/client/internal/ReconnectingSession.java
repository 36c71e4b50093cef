package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.ConnectionStatus.State;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections that survive being lost, as docs/protocol.md and the clients' behaviour spec say: it connects (asking
 * the token source before every attempt), reports its status, reconnects with the {@code Backoff}, drops an attempt
 * that has not joined in time and a joined connection that stops answering pings, and stops for good on the refusals
 * retrying cannot fix (and on a deleted thread). What the connections carry, and what joining means, is its
 * {@link Traffic}'s: a thread's {@link Delivery} ({@link ThreadSession}'s) or a user's {@link ListTraffic}
 * ({@link ListSession}'s).
 *
 * <p>Threading: the public methods may be called from any thread; they only queue work for the {@link ClientThread}
 * ({@code chat-client-N}), which owns every field marked "confined" below and the traffic, runs the timers, and calls
 * the listeners. The WebSocket's callbacks are handed over to it, and those of a connection that is no longer current
 * are dropped. {@link #status} and {@link #stopped} are volatile snapshots.
 */
final class ReconnectingSession implements Connection.Events {

    private static final Logger log = LoggerFactory.getLogger(ReconnectingSession.class);

    /** What the JDK's WebSocket reports for a connection that ended without a close frame. */
    private static final int CLOSED_ABNORMALLY = 1006;

    /** How long a normal close may take before the connection is dropped. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private static final String PING = ProtocolCodec.encode(new ClientFrame.Ping());

    private enum Phase { NEW, CONNECTING, READY, WAITING, CLOSING, STOPPED }

    private final Settings settings;
    private final SessionListener listener;
    private final Traffic traffic;
    private final HttpClient http;
    private final ClientThread thread = new ClientThread();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ConnectionStatus status =
            new ConnectionStatus(State.DISCONNECTED, "not connected yet", 0, null, null, null, null);
    /** The current run's end: replaced (under {@code this}) by a connect after a stop. */
    private volatile CompletableFuture<ConnectionStatus> stopped = new CompletableFuture<>();

    // ---- confined to the client's thread
    private Phase phase = Phase.NEW;
    private Connection connection;
    /** Retries since the last join: the backoff's exponent and the statuses' attempt. */
    private int retries;
    /** The URL of the current or last attempt, token masked. */
    private String url;
    private ScheduledFuture<?> retryTimer;
    /** The last error frame of the current connection that named no request: the server's words for a close. */
    private String connectionError;
    private final Tokens tokens;
    private final Heartbeat heartbeat;

    ReconnectingSession(Settings settings, SessionListener listener, Traffic traffic) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.tokens = new Tokens(settings.tokens());
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.heartbeat = new Heartbeat(thread.executor(), settings.pingInterval(), settings.pongTimeout());
    }

    // ---- any thread

    ConnectionStatus status() {
        return status;
    }

    /** Starts connecting, unless a run is under way; a run that stopped starts again. */
    void connect() {
        synchronized (this) {
            if (stopped.isDone()) {
                stopped = new CompletableFuture<>();
            }
        }
        post(() -> {
            if (phase == Phase.NEW || phase == Phase.STOPPED) {
                retries = 0;
                traffic.started();
                attempt();
            }
        });
    }

    CompletableFuture<ConnectionStatus> whenStopped() {
        return stopped;
    }

    /** Closes the connection normally (1000) and reconnects no more; the future completes when closed. */
    CompletableFuture<ConnectionStatus> stop() {
        CompletableFuture<ConnectionStatus> run = stopped;
        post(this::beginStop);
        return run;
    }

    /** {@link #stop}, waits for it (bounded; not on the client's own thread), then ends the client's thread. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<ConnectionStatus> run = stop();
        if (!thread.isCurrent()) {
            try {
                run.get(CLOSE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.debug("the client did not stop cleanly: {}", e.toString());
            }
        }
        post(() -> {
            if (phase != Phase.STOPPED) {
                finish(status(State.DISCONNECTED, "closed", null, null, null));
            }
            traffic.closed();
        });
        thread.shutdown();
    }

    /**
     * Runs {@code task} on the client's thread, after what was handed over before: how the clients reach their
     * traffic.
     *
     * @throws IllegalStateException once the client is closed
     */
    void post(Runnable task) {
        thread.post(task);
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return thread.schedule(delay, task);
    }

    // ---- the client's thread: connecting

    private void attempt() {
        retryTimer = null;
        String token;
        try {
            token = tokens.next();
        } catch (Tokens.UnusableToken e) {
            finish(status(State.ERROR, e.getMessage(), null, null, null));
            return;
        } catch (RuntimeException e) {
            log.debug("the token source failed", e);
            ended("the token source failed: " + Failures.describe(e), null, e);
            return;
        }
        phase = Phase.CONNECTING;
        URI uri = traffic.uri(settings.endpoint());
        url = Redact.url(uri);
        log.debug("connecting to {} (attempt {})", url, retries);
        Connection opening = new Connection(thread, this);
        connection = opening;
        connectionError = null;
        traffic.connecting(opening);
        report(status(State.CONNECTING, "connecting to " + url, null, null, null));
        opening.open(http, uri, Endpoint.headers(token), settings.connectTimeout(), settings.readyTimeout());
    }

    @Override
    public boolean isCurrent(Connection candidate) {
        return candidate == connection;
    }

    @Override
    public void noReady(Connection from) {
        if (from == connection && phase == Phase.CONNECTING) {
            dropConnection();
            ended(traffic.notJoined() + " within " + Durations.format(settings.readyTimeout()), null, null);
        }
    }

    @Override
    public void opened(Connection from) {
        if (from == connection && phase == Phase.CONNECTING) {
            traffic.opened();
        }
    }

    @Override
    public void text(Connection from, String text) {
        if (from != connection) {
            return;
        }
        heartbeat.heard();
        Decoded<ServerFrame> decoded = ProtocolCodec.decodeServer(text);
        if (decoded instanceof Decoded.Invalid<ServerFrame> invalid) {
            log.debug("skipping a frame: {}", invalid.message());
            // Protocol v1 may add frame types: those are skipped without a word.
            if (!ErrorCodes.UNKNOWN_TYPE.equals(invalid.code())) {
                listener.onUndecodable(text, invalid.message());
            }
            return;
        }
        ServerFrame frame = ((Decoded.Ok<ServerFrame>) decoded).frame();
        if (frame instanceof ServerFrame.ErrorFrame error && error.clientMessageId() == null
                && !ErrorCodes.AGENT_ERROR.equals(error.code())) {
            connectionError = error.code() + ": " + error.message();
        }
        traffic.received(frame);
    }

    @Override
    public boolean joined(Connection from, String reason) {
        if (from != connection || phase != Phase.CONNECTING) {
            return false;
        }
        connection.joined();
        phase = Phase.READY;
        retries = 0;
        report(status(State.CONNECTED, reason, null, null, null));
        Connection joined = connection;
        heartbeat.start(() -> joined.send(PING), () -> {
            dropConnection();
            ended("no answer from the server within " + Durations.format(settings.pongTimeout()) + " of a ping",
                    null, null);
        });
        return true;
    }

    @Override
    public void gap(Connection from, String reason) {
        if (from != connection) {
            return;
        }
        dropConnection();
        if (!settings.reconnect()) {
            finish(status(State.DISCONNECTED, reason, null, null, null));
            return;
        }
        // The server promises no gaps; the next connection fills this one, so there is nothing to wait for.
        retry(reason, null, null, Duration.ZERO);
    }

    // ---- the client's thread: endings

    @Override
    public void closed(Connection from, int code, String reason) {
        if (from != connection) {
            return;
        }
        String serverWords = connectionError;
        endConnection();
        log.debug("connection closed: {} {}", code, reason);
        if (code == CLOSED_ABNORMALLY) {
            // The JDK's word for a connection that ended without a close frame: nothing the server said.
            ended("connection lost: the server closed it without a close frame", null, null);
            return;
        }
        String words = Failures.describeClose(code, serverWords != null ? serverWords : reason);
        if (phase == Phase.CLOSING) {
            finish(status(State.DISCONNECTED, "closed", null, code, null));
            return;
        }
        if (code == CloseCodes.THREAD_DELETED) {
            // Final, and not a refusal: the same threadId would start a new, empty thread.
            finish(status(State.ERROR, "the thread was deleted (" + code + "); a new connection would start a new, "
                    + "empty thread", null, code, null));
            return;
        }
        if (CloseCodes.isFinal(code)) {
            if (code == CloseCodes.UNAUTHORIZED && settings.reconnect() && tokens.renewAfterRefusal()) {
                retry(words, code, null, settings.backoff().delay(retries, settings.random()));
                return;
            }
            finish(status(State.ERROR, "the server refused the connection: " + words, null, code, null));
            return;
        }
        if (code == CloseCodes.TOO_BIG) {
            traffic.tooBig();
        }
        ended(words, code, null);
    }

    @Override
    public void lost(Connection from, Throwable error, boolean opened) {
        if (from != connection) {
            return;
        }
        endConnection();
        Throwable cause = Failures.unwrap(error);
        if (!opened && cause instanceof IllegalArgumentException) {
            // The JDK refuses the URL itself: no retry can fix that.
            finish(status(State.ERROR, "the URL cannot be used: " + Failures.describe(cause), null, null, cause));
        } else {
            ended((opened ? "connection lost: " : "") + Failures.describe(error), null, cause);
        }
    }

    /** The connection ended, not by a refusal: retry, unless stopping or not reconnecting. */
    private void ended(String reason, Integer closeCode, Throwable cause) {
        if (phase == Phase.CLOSING) {
            finish(status(State.DISCONNECTED, "closed", null, closeCode, null));
        } else if (!settings.reconnect()) {
            finish(status(State.DISCONNECTED, reason, null, closeCode, cause));
        } else {
            retry(reason, closeCode, cause, settings.backoff().delay(retries, settings.random()));
        }
    }

    private void retry(String reason, Integer closeCode, Throwable cause, Duration delay) {
        phase = Phase.WAITING;
        report(status(State.DISCONNECTED, reason, delay, closeCode, cause));
        retries++;
        retryTimer = schedule(delay, () -> {
            if (phase == Phase.WAITING) {
                attempt();
            }
        });
    }

    /** Drops the current connection at once, without a close handshake: the client judged it dead or wrong. */
    private void dropConnection() {
        Connection dropped = connection;
        endConnection();
        if (dropped != null) {
            dropped.abort();
        }
    }

    /** Forgets the current connection and what belonged to it; its events are dropped from now on. */
    private void endConnection() {
        if (connection != null) {
            connection.stopReadyTimer();
            traffic.ended("the connection dropped before the answer");
        }
        connection = null;
        heartbeat.stop();
    }

    private void beginStop() {
        if (phase == Phase.STOPPED || phase == Phase.CLOSING) {
            return;
        }
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        Connection closing = connection;
        if (closing == null) {
            finish(status(State.DISCONNECTED, "closed", null, null, null));
            return;
        }
        phase = Phase.CLOSING;
        heartbeat.stop();
        closing.close(CloseCodes.NORMAL, "bye");
        schedule(CLOSE_TIMEOUT, () -> {
            if (phase == Phase.CLOSING && connection == closing) {
                dropConnection();
                finish(status(State.DISCONNECTED, "closed without an answer from the server", null, null, null));
            }
        });
    }

    private void finish(ConnectionStatus last) {
        phase = Phase.STOPPED;
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
        dropConnection();
        report(last);
        traffic.stopped(last);
        listener.onStopped(last);
        stopped.complete(last);
    }

    private ConnectionStatus status(State state, String reason, Duration retryIn, Integer closeCode,
            Throwable cause) {
        return new ConnectionStatus(state, reason, retries, retryIn, closeCode, url, cause);
    }

    private void report(ConnectionStatus next) {
        status = next;
        listener.onStatus(next);
    }
}
