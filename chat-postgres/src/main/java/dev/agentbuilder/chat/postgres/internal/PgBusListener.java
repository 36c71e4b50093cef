package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.common.Backoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on both channels (stored events and listing changes) on a connection of its own, from one thread,
 * {@code chat-pg-listen}: polls for notifications, and when the connection is lost reconnects with backoff, LISTENs
 * again and then reports it. The connection is confined to that thread (handed over before it starts);
 * {@code listening} is volatile.
 */
final class PgBusListener extends PgBusWorker {

    private static final Logger log = LoggerFactory.getLogger(PgBusListener.class);
    private static final int POLL_MILLIS = 250;
    /** A connection quiet for this long is checked with a query: a peer that vanished sends nothing. */
    private static final long PING_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));

    private final PgBusConnections connections;
    private final Consumer<List<String>> onEvents;
    private final Consumer<List<String>> onChanges;
    private final Runnable onRelistened;
    private volatile boolean listening;

    // Confined to the thread.
    private Connection connection;
    private long lastHeardNanos;

    /**
     * @param first        a connection already LISTENing
     * @param onEvents     called on the thread with each batch of stored events' payloads, in the order they were
     *                     notified
     * @param onChanges    called on the thread with each batch of listing changes' payloads, in the order they were
     *                     notified, after that batch's stored events
     * @param onRelistened called on the thread after a lost connection was replaced and LISTENs again
     */
    PgBusListener(PgBusConnections connections, Connection first, Consumer<List<String>> onEvents,
            Consumer<List<String>> onChanges, Runnable onRelistened) {
        super("chat-pg-listen");
        this.connections = connections;
        this.onEvents = onEvents;
        this.onChanges = onChanges;
        this.onRelistened = onRelistened;
        this.connection = first;
        this.listening = true;
        start();
    }

    /** Opens a connection and LISTENs on it, to both channels. Blocks while it does. */
    static Connection listen(PgBusConnections connections) throws SQLException {
        Connection c = connections.open("chat-bus-listen");
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + PgBusConnections.EVENTS);
            s.execute("LISTEN " + PgBusConnections.LISTING);
        } catch (SQLException e) {
            PgBusConnections.closeQuietly(c);
            throw e;
        }
        return c;
    }

    /** Whether the connection was up and listening when last seen. */
    boolean listening() {
        return listening;
    }

    @Override
    void work() {
        lastHeardNanos = System.nanoTime();
        int failures = 0;
        while (!closed()) {
            try {
                if (connection == null) {
                    connection = listen(connections);
                    listening = true;
                    failures = 0;
                    lastHeardNanos = System.nanoTime();
                    log.info("listening again on {}", connections.database());
                    onRelistened.run();
                }
                poll();
            } catch (SQLException e) {
                if (listening && !closed()) {
                    log.warn("lost the bus's connection to {}; reconnecting: {}", connections.database(),
                            PgErrors.describe(e));
                }
                listening = false;
                PgBusConnections.closeQuietly(connection);
                connection = null;
                if (!pause(RETRY.delay(failures++, ThreadLocalRandom.current()))) {
                    break;
                }
            }
        }
        listening = false;
        PgBusConnections.closeQuietly(connection);
    }

    private void poll() throws SQLException {
        PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
        if (notifications != null && notifications.length > 0) {
            lastHeardNanos = System.nanoTime();
            List<String> events = new ArrayList<>(notifications.length);
            List<String> changes = new ArrayList<>();
            for (PGNotification n : notifications) {
                (PgBusConnections.LISTING.equals(n.getName()) ? changes : events).add(n.getParameter());
            }
            hand(onEvents, events);
            hand(onChanges, changes);
        } else if (System.nanoTime() - lastHeardNanos > PING_NANOS) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT 1");
            }
            lastHeardNanos = System.nanoTime();
        }
    }

    private static void hand(Consumer<List<String>> to, List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        try {
            to.accept(payloads);
        } catch (RuntimeException e) {
            log.error("handling {} notifications failed", payloads.size(), e);
        }
    }

    /** Waits before the next attempt; false when the bus closed meanwhile. */
    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return !closed();
        } catch (InterruptedException e) {
            return false;
        }
    }
}
