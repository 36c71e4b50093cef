package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.client.ConnectionStatus.State;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link ThreadListListener} that records every call, in order, as an {@link Event}, as {@link Recorder} does for a
 * thread's client: the test awaits them, skipping what it does not care about. The client's thread adds to
 * thread-safe collections; the rest is the test's.
 */
final class ListRecorder implements ThreadListListener {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    sealed interface Event {
    }

    record Status(ConnectionStatus status) implements Event {
    }

    record Change(ServerFrame.ThreadChanged change) implements Event {
    }

    record Relisted(ServerFrame.Threads page) implements Event {
    }

    record Stopped(ConnectionStatus status) implements Event {
    }

    private final BlockingQueue<Event> unseen = new LinkedBlockingQueue<>();
    private final List<Event> all = new CopyOnWriteArrayList<>();

    @Override
    public void onStatus(ConnectionStatus status) {
        add(new Status(status));
    }

    @Override
    public void onChange(ServerFrame.ThreadChanged change) {
        add(new Change(change));
    }

    @Override
    public void onRelisted(ServerFrame.Threads firstPage) {
        add(new Relisted(firstPage));
    }

    @Override
    public void onStopped(ConnectionStatus status) {
        add(new Stopped(status));
    }

    private void add(Event event) {
        all.add(event);
        unseen.add(event);
    }

    /** The next event of {@code type} that matches, within {@code timeout}, skipping the others. */
    <T extends Event> T await(Class<T> type, Predicate<T> wanted, Duration timeout) {
        List<Event> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Event event = unseen.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    fail("no " + type.getSimpleName() + " as wanted within " + timeout + "; skipped " + skipped);
                }
                if (type.isInstance(event) && wanted.test(type.cast(event))) {
                    return type.cast(event);
                }
                skipped.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    <T extends Event> T await(Class<T> type) {
        return await(type, e -> true, TIMEOUT);
    }

    ConnectionStatus awaitStatus(State state) {
        return await(Status.class, s -> s.status().state() == state, TIMEOUT).status();
    }

    /** The next change to {@code threadId}, within {@code timeout}. */
    ServerFrame.ThreadChanged awaitChange(String threadId, String change, Duration timeout) {
        return await(Change.class, c -> c.change().threadId().equals(threadId) && c.change().change().equals(change),
                timeout).change();
    }

    List<State> states() {
        return all.stream().filter(e -> e instanceof Status).map(e -> ((Status) e).status().state()).toList();
    }

    <T extends Event> List<T> events(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
