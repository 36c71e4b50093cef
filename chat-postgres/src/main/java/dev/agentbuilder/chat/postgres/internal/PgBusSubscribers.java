package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscribers, by chat thread. Thread-safe: a concurrent map of copy-on-write lists, changed atomically
 * per thread with {@code compute}, read without a lock by whichever thread delivers.
 */
final class PgBusSubscribers {

    private static final Logger log = LoggerFactory.getLogger(PgBusSubscribers.class);

    /** A subscriber; {@code closed} stops deliveries that race with its close. */
    private static final class Subscriber {
        final Consumer<ThreadEvent> consumer;
        volatile boolean closed;

        Subscriber(Consumer<ThreadEvent> consumer) {
            this.consumer = consumer;
        }
    }

    private final ConcurrentHashMap<String, List<Subscriber>> byThread = new ConcurrentHashMap<>();

    /** Adds a subscriber; the returned action removes it. */
    Runnable add(String threadId, Consumer<ThreadEvent> consumer) {
        Subscriber s = new Subscriber(consumer);
        byThread.compute(threadId, (id, list) -> {
            List<Subscriber> subscribers = list == null ? new CopyOnWriteArrayList<>() : list;
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
        List<Subscriber> list = byThread.get(threadId);
        if (list == null) {
            return;
        }
        for (Subscriber s : list) {
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

    void clear() {
        byThread.values().forEach(list -> list.forEach(s -> s.closed = true));
        byThread.clear();
    }
}
