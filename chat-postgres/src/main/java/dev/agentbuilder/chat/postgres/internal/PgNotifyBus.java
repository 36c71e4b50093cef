package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL bus (see {@link dev.agentbuilder.chat.postgres.PostgresBus}): every event goes to this node's
 * subscribers on the publishing thread; a stored event is also NOTIFYed as {@code nodeId|threadId:seq}, and each other
 * node reads it from the store and delivers it on its listening thread. Listing changes go the same ways on a channel
 * of their own, whole ({@code nodeId|kind|userId|threadId}, {@link PgBusChange}): nothing to read from the store.
 *
 * <p>Threads: the subscribers are a thread-safe registry; NOTIFYs go out from the publisher's thread; notifications
 * are read, looked up in the store and delivered on the listener's thread; {@code onResubscribed} listeners are
 * called there too. The rest is fixed at construction.
 */
public final class PgNotifyBus implements ThreadBus {

    private static final Logger log = LoggerFactory.getLogger(PgNotifyBus.class);

    private final String nodeId;
    private final ThreadStore store;
    private final PgBusSubscribers subscribers = new PgBusSubscribers();
    private final List<Runnable> resubscribedListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PgBusPublisher publisher;
    private final PgBusListener listener;

    private PgNotifyBus(String nodeId, PgBusConnections connections, ThreadStore store, Connection listening,
            Connection notifying) throws SQLException {
        this.nodeId = nodeId;
        this.store = store;
        this.publisher = new PgBusPublisher(connections, notifying);
        this.listener = new PgBusListener(connections, listening, this::received, this::heardChanges,
                this::relistened);
    }

    /** See {@link dev.agentbuilder.chat.postgres.PostgresBus#connect}. */
    public static PgNotifyBus connect(String jdbcUrl, String password, ThreadStore store) {
        PgBusConnections connections = new PgBusConnections(jdbcUrl, password);
        Connection listening = null;
        Connection notifying = null;
        try {
            listening = PgBusListener.listen(connections);
            notifying = connections.open("chat-bus-notify");
            PgNotifyBus bus = new PgNotifyBus(newNodeId(), connections, store, listening, notifying);
            log.info("thread bus listening on {} as node {}", connections.database(), bus.nodeId);
            return bus;
        } catch (SQLException e) {
            PgBusConnections.closeQuietly(listening);
            PgBusConnections.closeQuietly(notifying);
            throw new ChatException("cannot reach the database " + connections.database() + " for the thread bus: "
                    + PgErrors.describe(e), e, PgErrors.isTransient(e));
        }
    }

    private static String newNodeId() {
        return Long.toHexString(new SecureRandom().nextLong() | Long.MIN_VALUE);
    }

    /** This node's id in its notifications. */
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean connected() {
        return listening();
    }

    /** Whether the listening connection is up and LISTENing now. */
    public boolean listening() {
        return listener.listening();
    }

    /** How many notifications (of stored events and listing changes) could not be sent, since the bus connected. */
    public long droppedNotifications() {
        return publisher.dropped();
    }

    /**
     * Subscribes on this node: the LISTEN that covers every thread is already in place, or, while its connection is
     * down, will be when it is back (then onResubscribed follows).
     */
    @Override
    public Subscription subscribe(String threadId, Consumer<ThreadEvent> subscriber) {
        if (closed.get()) {
            throw new IllegalStateException("the PostgreSQL bus is closed");
        }
        // One LISTEN serves every thread, so a subscriber added while the listener reconnects is served once it is
        // back, and onResubscribed then tells the engine to catch up from the store.
        Runnable remove = subscribers.add(threadId, subscriber);
        return remove::run;
    }

    @Override
    public void publish(String threadId, ThreadEvent event) {
        subscribers.deliver(threadId, event);
        if (event instanceof StoredEvent stored && !closed.get()) {
            PgBusPayload payload = new PgBusPayload(nodeId, threadId, stored.seq());
            if (payload.fits()) {
                publisher.offer(PgBusConnections.EVENTS, payload.encode());
            } else {
                log.warn("thread id too long for a notification; other nodes will not hear of seq {}", stored.seq());
            }
        }
    }

    /** On the listener's thread: reads the notified events of threads this node follows, and delivers them. */
    private void received(List<String> payloads) {
        // seq range per thread, in the order first notified: one read per thread and batch
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (String raw : payloads) {
            PgBusPayload p = PgBusPayload.parse(raw).orElse(null);
            if (p == null || p.nodeId().equals(nodeId) || !subscribers.has(p.threadId())) {
                continue;
            }
            long[] range = ranges.computeIfAbsent(p.threadId(), id -> new long[] {p.seq(), p.seq()});
            range[0] = Math.min(range[0], p.seq());
            range[1] = Math.max(range[1], p.seq());
        }
        ranges.forEach((threadId, range) -> {
            List<StoredEvent> events;
            try {
                events = store.eventsAfter(threadId, range[0] - 1, (int) Math.min(1_000, range[1] - range[0] + 1));
            } catch (RuntimeException e) {
                // Lost like any event a bus drops: subscribers fill the gap from the store.
                log.debug("could not read seq {}..{} of thread {}: {}", range[0], range[1], threadId, e.toString());
                return;
            }
            events.forEach(event -> subscribers.deliver(threadId, event));
        });
    }

    private void relistened() {
        for (Runnable l : resubscribedListeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.error("onResubscribed listener failed", e);
            }
        }
    }

    @Override
    public void onResubscribed(Runnable listener) {
        resubscribedListeners.add(listener);
    }

    /**
     * Delivers to this node's listing subscribers at once, on the caller's thread, as {@link #publish} does, and
     * queues the NOTIFY for the other nodes; this node skips it when it comes back.
     *
     * @throws IllegalArgumentException when an id is not one ({@link dev.agentbuilder.chat.common.Identifiers}), before
     *                                  anyone is told: other nodes could not read it back
     */
    @Override
    public void publishChange(ThreadChange change) {
        String payload = new PgBusChange(nodeId, change).encode();
        subscribers.deliver(change);
        if (!closed.get()) {
            publisher.offer(PgBusConnections.LISTING, payload);
        }
    }

    /**
     * Subscribes on this node: the LISTEN of the listing's channel has been in place since the bus connected, or,
     * while its connection is down, will be when it is back.
     */
    @Override
    public Subscription subscribeChanges(Consumer<ThreadChange> subscriber) {
        if (closed.get()) {
            throw new IllegalStateException("the PostgreSQL bus is closed");
        }
        Runnable remove = subscribers.addListing(subscriber);
        return remove::run;
    }

    /** On the listener's thread: other nodes' listing changes, delivered in the order they were notified. */
    private void heardChanges(List<String> payloads) {
        if (!subscribers.hasListing()) {
            return;
        }
        for (String raw : payloads) {
            PgBusChange heard = PgBusChange.parse(raw).orElse(null);
            if (heard == null) {
                log.debug("ignored a notification on {} that is not a listing change", PgBusConnections.LISTING);
            } else if (!heard.nodeId().equals(nodeId)) {
                subscribers.deliver(heard.change());
            }
        }
    }

    @Override
    public boolean crossesNodes() {
        return true;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close();
        publisher.close();
        subscribers.clear();
    }
}
