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
 * Sends the NOTIFYs of both channels, in the order they were queued, on a connection of its own from one thread,
 * {@code chat-pg-notify}, so that publishing never blocks. The connection and the retry state are confined to that
 * thread; the queue is bounded and thread-safe.
 *
 * <p>While the database is unreachable, payloads are dropped, not kept: each one only points at an event that the
 * store holds, and receivers fill what they missed from the store after the bus reconnects; or it is a listing
 * change, a hint that whoever shows a listing reads again from the store.
 */
final class PgBusPublisher extends PgBusWorker {

    private static final Logger log = LoggerFactory.getLogger(PgBusPublisher.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    private final PgBusConnections connections;
    private final BlockingQueue<Notice> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
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

    /** A payload to NOTIFY on a channel. */
    private record Notice(String channel, String payload) {
    }

    /** Queues a payload for the channel; never blocks. A full queue drops it. */
    void offer(String channel, String payload) {
        Notice notice = new Notice(channel, payload);
        if (closed() || !queue.offer(notice)) {
            dropped(notice, "the queue is full or the bus closed");
        }
    }

    /** How many payloads were never sent. */
    long dropped() {
        return dropped.get();
    }

    @Override
    void work() {
        while (!closed()) {
            Notice notice;
            try {
                notice = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (notice != null) {
                send(notice);
            }
        }
        PgBusConnections.closeQuietly(connection);
    }

    private void send(Notice notice) {
        if (connection == null && !reconnect()) {
            dropped(notice, "not connected to " + connections.database());
            return;
        }
        try {
            notify.setString(1, notice.channel());
            notify.setString(2, notice.payload());
            notify.execute();
            failures = 0;
        } catch (SQLException e) {
            dropped(notice, PgErrors.describe(e));
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
        notify = c.prepareStatement("SELECT pg_notify(?, ?)");
    }

    private void dropped(Notice notice, String why) {
        long count = dropped.incrementAndGet();
        log.debug("dropped notification {} on {} ({} dropped so far): {}", notice.payload(), notice.channel(), count,
                why);
    }
}
