package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bus within one process: publishing calls each subscriber of the thread directly. Thread-safe. */
public final class LocalThreadBus implements ThreadBus {

    private static final Logger log = LoggerFactory.getLogger(LocalThreadBus.class);

    private final ConcurrentHashMap<String, List<Consumer<ThreadEvent>>> subscribers = new ConcurrentHashMap<>();
    private final List<Consumer<ThreadChange>> changeSubscribers = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(String threadId, Consumer<ThreadEvent> subscriber) {
        subscribers.computeIfAbsent(threadId, id -> new CopyOnWriteArrayList<>()).add(subscriber);
        return () -> subscribers.computeIfPresent(threadId, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void publish(String threadId, ThreadEvent event) {
        List<Consumer<ThreadEvent>> list = subscribers.get(threadId);
        if (list == null) {
            return;
        }
        for (Consumer<ThreadEvent> subscriber : list) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.error("thread bus subscriber failed for thread {}", threadId, e);
            }
        }
    }

    @Override
    public void publishChange(ThreadChange change) {
        for (Consumer<ThreadChange> subscriber : changeSubscribers) {
            try {
                subscriber.accept(change);
            } catch (RuntimeException e) {
                log.error("thread change subscriber failed for thread {}", change.threadId(), e);
            }
        }
    }

    @Override
    public Subscription subscribeChanges(Consumer<ThreadChange> subscriber) {
        changeSubscribers.add(subscriber);
        return () -> changeSubscribers.remove(subscriber);
    }
}
