package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscribers, by chat thread, and those of the listing. Thread-safe: a concurrent map of copy-on-write
 * lists, changed atomically per thread with {@code compute}, and one more copy-on-write list for the listing, all read
 * without a lock by whichever thread delivers.
 */
final class PgBusSubscribers {

    private static final Logger log = LoggerFactory.getLogger(PgBusSubscribers.class);

    /** A subscriber; {@code closed} stops deliveries that race with its close. */
    private static final class Subscriber<T> {
        final Consumer<T> consumer;
        volatile boolean closed;

        Subscriber(Consumer<T> consumer) {
            this.consumer = consumer;
        }
    }

    private final ConcurrentHashMap<String, List<Subscriber<ThreadEvent>>> byThread = new ConcurrentHashMap<>();
    private final List<Subscriber<ThreadChange>> listing = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; the returned action removes it. */
    Runnable add(String threadId, Consumer<ThreadEvent> consumer) {
        Subscriber<ThreadEvent> s = new Subscriber<>(consumer);
        byThread.compute(threadId, (id, list) -> {
            List<Subscriber<ThreadEvent>> subscribers = list == null ? new CopyOnWriteArrayList<>() : list;
            subscribers.add(s);
            return subscribers;
        });
        return () -> {
            s.closed = true;
            byThread.computeIfPresent(threadId, (id, list) -> {
                list.remove(s);
                return list.isEmpty() ? null : list;
            });
        };
    }

    boolean has(String threadId) {
        return byThread.containsKey(threadId);
    }

    /** Calls each subscriber of the thread on this thread; one that throws is logged and the others still called. */
    void deliver(String threadId, ThreadEvent event) {
        List<Subscriber<ThreadEvent>> list = byThread.get(threadId);
        if (list == null) {
            return;
        }
        for (Subscriber<ThreadEvent> s : list) {
            if (s.closed) {
                continue;
            }
            try {
                s.consumer.accept(event);
            } catch (RuntimeException e) {
                log.error("thread bus subscriber failed for thread {}", threadId, e);
            }
        }
    }

    /** Adds a subscriber of the listing; the returned action removes it. */
    Runnable addListing(Consumer<ThreadChange> consumer) {
        Subscriber<ThreadChange> s = new Subscriber<>(consumer);
        listing.add(s);
        return () -> {
            s.closed = true;
            listing.remove(s);
        };
    }

    boolean hasListing() {
        return !listing.isEmpty();
    }

    /** Calls each subscriber of the listing on this thread; one that throws is logged and the others still called. */
    void deliver(ThreadChange change) {
        for (Subscriber<ThreadChange> s : listing) {
            if (s.closed) {
                continue;
            }
            try {
                s.consumer.accept(change);
            } catch (RuntimeException e) {
                log.error("listing change subscriber failed for thread {}", change.threadId(), e);
            }
        }
    }

    void clear() {
        byThread.values().forEach(list -> list.forEach(s -> s.closed = true));
        byThread.clear();
        listing.forEach(s -> s.closed = true);
        listing.clear();
    }
}
