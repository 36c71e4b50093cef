package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.common.Backoff;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the NOTIFYs, in the order they were queued, on a connection of its own from one thread,
 * {@code chat-pg-notify}, so that publishing never blocks. The connection and the retry state are confined to that
 * thread; the queue is bounded and thread-safe.
 *
 * <p>While the database is unreachable, payloads are dropped, not kept: each one only points at an event that the
 * store holds, and receivers fill what they missed from the store after the bus reconnects.
 */
final class PgBusPublisher extends PgBusWorker {

    private static final Logger log = LoggerFactory.getLogger(PgBusPublisher.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    private final PgBusConnections connections;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    // Confined to the thread (the first connection is handed over before it starts).
    private Connection connection;
    private PreparedStatement notify;
    private int failures;
    private long retryAtNanos;

    PgBusPublisher(PgBusConnections connections, Connection first) throws SQLException {
        super("chat-pg-notify");
        this.connections = connections;
        use(first);
        start();
    }

    /** Queues a payload; never blocks. A full queue drops it. */
    void offer(String payload) {
        if (closed() || !queue.offer(payload)) {
            dropped(payload, "the queue is full or the bus closed");
        }
    }

    /** How many payloads were never sent. */
    long dropped() {
        return dropped.get();
    }

    @Override
    void work() {
        while (!closed()) {
            String payload;
            try {
                payload = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (payload != null) {
                send(payload);
            }
        }
        PgBusConnections.closeQuietly(connection);
    }

    private void send(String payload) {
        if (connection == null && !reconnect()) {
            dropped(payload, "not connected to " + connections.database());
            return;
        }
        try {
            notify.setString(1, payload);
            notify.execute();
            failures = 0;
        } catch (SQLException e) {
            dropped(payload, PgErrors.describe(e));
            PgBusConnections.closeQuietly(connection);
            connection = null;
            retryAtNanos = System.nanoTime() + RETRY.delay(failures++, ThreadLocalRandom.current()).toNanos();
        }
    }

    /** Opens a new connection unless the last attempt was too recent; true when there is one. */
    private boolean reconnect() {
        if (System.nanoTime() - retryAtNanos < 0) {
            return false;
        }
        try {
            use(connections.open("chat-bus-notify"));
            return true;
        } catch (SQLException e) {
            log.debug("cannot reconnect to notify on {}: {}", connections.database(), PgErrors.describe(e));
            retryAtNanos = System.nanoTime() + RETRY.delay(failures++, ThreadLocalRandom.current()).toNanos();
            return false;
        }
    }

    private void use(Connection c) throws SQLException {
        connection = c;
        notify = c.prepareStatement("SELECT pg_notify('" + PgBusConnections.CHANNEL + "', ?)");
    }

    private void dropped(String payload, String why) {
        long count = dropped.incrementAndGet();
        log.debug("dropped notification {} ({} dropped so far): {}", payload, count, why);
    }
}
