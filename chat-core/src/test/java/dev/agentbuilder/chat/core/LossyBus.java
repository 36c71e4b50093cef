package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A bus across several engines in one test that loses what it is told to, as pub/sub does: each engine takes a
 * {@link #node} view; events published anywhere reach every node's subscribers, except those a node drops.
 * Delivery is on the publishing thread. Thread-safe.
 */
public final class LossyBus {

    private record Subscriber(String node, String threadId, Consumer<ThreadEvent> consumer) {
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Predicate<ThreadEvent>> drops = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> resubscribed = new ConcurrentHashMap<>();
    /** Listing changes are never lost: every node hears every one. */
    private final List<Consumer<ThreadChange>> changeSubscribers = new CopyOnWriteArrayList<>();

    /** From now on, {@code node} loses the events that match. */
    public void drop(String node, Predicate<ThreadEvent> lost) {
        drops.put(node, lost);
    }

    /** {@code node} loses nothing from now on. */
    public void deliverAll(String node) {
        drops.remove(node);
    }

    /** {@code node}'s connection came back: it is told it may have lost events. */
    public void resubscribe(String node) {
        resubscribed.getOrDefault(node, List.of()).forEach(Runnable::run);
    }

    public ThreadBus node(String name) {
        return new ThreadBus() {
            @Override
            public Subscription subscribe(String threadId, Consumer<ThreadEvent> consumer) {
                Subscriber s = new Subscriber(name, threadId, consumer);
                subscribers.add(s);
                return () -> subscribers.remove(s);
            }

            @Override
            public void publish(String threadId, ThreadEvent event) {
                for (Subscriber s : subscribers) {
                    Predicate<ThreadEvent> lost = drops.get(s.node());
                    if (s.threadId().equals(threadId) && (lost == null || !lost.test(event))) {
                        s.consumer().accept(event);
                    }
                }
            }

            @Override
            public void publishChange(ThreadChange change) {
                changeSubscribers.forEach(s -> s.accept(change));
            }

            @Override
            public Subscription subscribeChanges(Consumer<ThreadChange> subscriber) {
                changeSubscribers.add(subscriber);
                return () -> changeSubscribers.remove(subscriber);
            }

            @Override
            public void onResubscribed(Runnable listener) {
                resubscribed.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(listener);
            }

            @Override
            public boolean crossesNodes() {
                return true;
            }
        };
    }
}
