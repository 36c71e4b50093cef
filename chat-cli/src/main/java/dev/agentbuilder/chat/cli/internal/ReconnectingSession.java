package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat thread membership that survives lost connections: it connects, reconnects with {@link Backoff} resuming
 * after the highest {@code seq} it has seen, and keeps typed messages and changes to the draft in an outbox until the
 * server acks them, resending the unacked ones (with their clientMessageId, so none is applied twice) after every
 * {@code ready}. It stops
 * for good on close codes 4400, 4401 and 4403. Nothing here prints: everything is reported to a
 * {@link SessionListener}.
 *
 * <p>The package-private methods may be called from any thread; they only queue work. The fields marked "confined
 * to the executor" (including the {@link Outbox}) are used only on {@link #executor}'s single thread
 * ({@code chat-session}); the WebSocket callbacks are handed over to it, and callbacks of a connection that is no
 * longer current are dropped. {@link #stopped} is thread-safe.
 */
final class ReconnectingSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconnectingSession.class);

    /** How long a normal close may take before the connection is dropped. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private enum Phase { NEW, CONNECTING, JOINING, READY, WAITING, CLOSING, STOPPED }

    private final Endpoint endpoint;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final SessionListener listener;
    private final RandomGenerator random;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final CompletableFuture<SessionStop> stopped = new CompletableFuture<>();

    // ---- confined to the executor
    private Phase phase = Phase.NEW;
    private WsConnection connection;
    /** Connection attempts since the last successful join. */
    private int attempts;
    /** Retries since the last successful join: the backoff's exponent. */
    private int retries;
    /** The highest seq seen; a reconnect resumes after it. */
    private long lastSeq;
    /** The thread's highest seq at the last join: the replay has caught up once {@link #lastSeq} reaches it. */
    private long joinedAtSeq;
    /** Whether the thread was idle as last heard (at the join, or a live status since). */
    private boolean idle;
    private final Outbox outbox = new Outbox();
    /** The last error frame on this connection that named no message: the reason for a refusal close. */
    private String connectionError;
    private ScheduledFuture<?> retry;

    ReconnectingSession(Endpoint endpoint, Backoff backoff, Duration connectTimeout, SessionListener listener,
            RandomGenerator random) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chat-session");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether a connection closed with {@code code} should be tried again (all but 4400, 4401 and 4403). */
    static boolean shouldReconnect(int code) {
        return !CloseCodes.isFinal(code);
    }

    // ---- any thread

    /** Starts connecting, from the start of the thread. */
    void start() {
        start(0);
    }

    /** Starts connecting, resuming after {@code afterSeq} as if the events up to it had been received. */
    void start(long afterSeq) {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0: " + afterSeq);
        }
        post(() -> {
            lastSeq = afterSeq;
            connect();
        });
    }

    /**
     * Queues a request that carries {@code clientMessageId} (a user message, a change to the draft); it is sent now if
     * connected, else after the next join, until the server acks or refuses it.
     */
    void send(String clientMessageId, ClientFrame frame) {
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        String encoded = ProtocolCodec.encode(Objects.requireNonNull(frame, "frame"));
        post(() -> enqueue(clientMessageId, encoded));
    }

    /** Asks the server to stop the running turn; false when not connected (nothing is sent then). */
    CompletableFuture<Boolean> cancel() {
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        post(() -> {
            boolean ready = phase == Phase.READY;
            if (ready) {
                connection.send(ProtocolCodec.encode(new ClientFrame.Cancel()));
            }
            sent.complete(ready);
        });
        return sent;
    }

    /** Completes once every message sent so far is acked and answered (or refused); at once when none is pending. */
    CompletableFuture<Void> whenSettled() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        post(() -> outbox.whenSettled(settled));
        return settled;
    }

    /** Completes when the session has ended: refused by the server, or after {@link #stop}. */
    CompletableFuture<SessionStop> whenStopped() {
        return stopped;
    }

    /** Closes the connection normally (1000) and reconnects no more; the future completes when closed. */
    CompletableFuture<SessionStop> stop() {
        post(this::beginStop);
        return stopped;
    }

    /** {@link #stop} and waits for it (bounded), then ends the session's thread. */
    @Override
    public void close() {
        try {
            stop().get(CLOSE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("the session did not stop cleanly: {}", e.toString());
        }
        executor.shutdownNow();
    }

    private void post(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("chat session task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("the session has ended; dropping a task");
        }
    }

    // ---- the executor

    private void connect() {
        if (phase == Phase.CLOSING || phase == Phase.STOPPED) {
            return;
        }
        retry = null;
        phase = Phase.CONNECTING;
        attempts++;
        outbox.newConnection();
        connectionError = null;
        URI uri = endpoint.uri(lastSeq);
        log.debug("connecting to {} (attempt {})", Redact.url(uri), attempts);
        listener.connecting(uri, attempts);
        WsConnection opening = new WsConnection(new Handler());
        connection = opening;
        opening.connect(http, uri, endpoint.headers(), connectTimeout).whenComplete((ignored, error) -> {
            if (error != null) {
                post(() -> lost(opening, Failures.describe(error)));
            }
        });
    }

    private void enqueue(String clientMessageId, String frame) {
        if (phase == Phase.CLOSING || phase == Phase.STOPPED) {
            return;
        }
        outbox.add(clientMessageId, frame);
        if (phase == Phase.READY) {
            sendFromOutbox(clientMessageId, frame);
        }
    }

    private void sendFromOutbox(String clientMessageId, String frame) {
        connection.send(frame);
        outbox.sent(clientMessageId);
    }

    private void opened(WsConnection from) {
        if (from == connection && phase == Phase.CONNECTING) {
            phase = Phase.JOINING;
        }
    }

    private void received(WsConnection from, String text) {
        if (from != connection) {
            return;
        }
        Decoded<ServerFrame> decoded = ProtocolCodec.decodeServer(text);
        if (decoded instanceof Decoded.Invalid<ServerFrame> invalid) {
            log.debug("skipping a frame: {}", invalid.message());
            return;
        }
        ServerFrame frame = ((Decoded.Ok<ServerFrame>) decoded).frame();
        if (frame instanceof ServerFrame.Ready ready) {
            joined(ready);
        } else {
            track(frame);
            listener.frame(frame);
            // After the listener, so whoever awaits settlement sees the reply shown.
            outbox.track(frame);
            giveUpUnansweredIfIdle();
        }
    }

    private void joined(ServerFrame.Ready ready) {
        if (phase == Phase.CLOSING) {
            return;
        }
        phase = Phase.READY;
        attempts = 0;
        retries = 0;
        if (ready.reset()) {
            // The server has less than we claimed and replays from the start.
            lastSeq = 0;
        }
        listener.connected(ready);
        joinedAtSeq = ready.lastSeq();
        idle = "idle".equals(ready.status());
        outbox.joined();
        giveUpUnansweredIfIdle();
        outbox.unacked().forEach(this::sendFromOutbox);
    }

    /** Once caught up with the join and idle, a message acked before it that has no reply will not get one. */
    private void giveUpUnansweredIfIdle() {
        if (idle && lastSeq >= joinedAtSeq) {
            outbox.giveUpUnanswered().forEach(listener::unanswered);
        }
    }

    private void track(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message) {
            lastSeq = Math.max(lastSeq, message.seq());
        } else if (frame instanceof ServerFrame.AgentUpdated updated) {
            lastSeq = Math.max(lastSeq, updated.seq());
        } else if (frame instanceof ServerFrame.ErrorFrame error && error.clientMessageId() == null) {
            connectionError = error.code() + ": " + error.message();
        } else if (frame instanceof ServerFrame.Status status) {
            idle = "idle".equals(status.state());
        }
    }

    private void closed(WsConnection from, int code, String reason) {
        if (from != connection) {
            return;
        }
        connection = null;
        log.debug("connection closed: {} {}", code, reason);
        if (phase == Phase.CLOSING) {
            finish(new SessionStop(false, code, "closed"));
            return;
        }
        if (!shouldReconnect(code)) {
            String detail = connectionError != null ? connectionError : reason;
            String why = "the server refused the connection: " + Failures.describeClose(code, null)
                    + (detail == null || detail.isBlank() ? "" : ": " + detail);
            finish(new SessionStop(true, code, why));
            return;
        }
        if (code == CloseCodes.TOO_BIG) {
            String dropped = outbox.dropLargestSent();
            if (dropped != null) {
                listener.dropped(dropped, "the server found the message too big; it is not sent again");
            }
        }
        scheduleRetry(Failures.describeClose(code, reason));
    }

    private void lost(WsConnection from, String why) {
        if (from != connection) {
            return;
        }
        connection = null;
        log.debug("connection lost: {}", why);
        if (phase == Phase.CLOSING) {
            finish(new SessionStop(false, -1, "closed"));
            return;
        }
        scheduleRetry(why);
    }

    private void scheduleRetry(String why) {
        phase = Phase.WAITING;
        Duration delay = backoff.delay(retries++, random);
        listener.disconnected(why, delay);
        retry = executor.schedule(() -> post(this::connect), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beginStop() {
        if (phase == Phase.STOPPED || phase == Phase.CLOSING) {
            return;
        }
        phase = Phase.CLOSING;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        WsConnection closing = connection;
        if (closing == null) {
            finish(new SessionStop(false, -1, "closed"));
            return;
        }
        closing.close(CloseCodes.NORMAL, "bye");
        executor.schedule(() -> post(() -> {
            if (phase == Phase.CLOSING && connection == closing) {
                closing.abort();
                finish(new SessionStop(false, -1, "closed without an answer from the server"));
            }
        }), CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(SessionStop stop) {
        phase = Phase.STOPPED;
        connection = null;
        listener.stopped(stop);
        stopped.complete(stop);
    }

    /** Hands every WebSocket callback over to the session's thread. */
    private final class Handler implements WsConnection.Handler {

        @Override
        public void onOpen(WsConnection from) {
            post(() -> opened(from));
        }

        @Override
        public void onText(WsConnection from, String text) {
            post(() -> received(from, text));
        }

        @Override
        public void onClosed(WsConnection from, int code, String reason) {
            post(() -> closed(from, code, reason));
        }

        @Override
        public void onFailure(WsConnection from, Throwable error) {
            post(() -> lost(from, "connection lost: " + Failures.describe(error)));
        }
    }
}
