package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.client.ConnectionStatus.State;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A listener that records every call, in order, as an {@link Event}: the test awaits them ({@link #await}), skipping
 * what it does not care about, and checks the whole record at the end. The client's thread adds to thread-safe
 * collections; the rest is the test's.
 */
final class Recorder implements ChatClientListener {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    sealed interface Event {
    }

    record Status(ConnectionStatus status) implements Event {
    }

    record Ready(ServerFrame.Ready ready) implements Event {
    }

    record Reset() implements Event {
    }

    record Frame(ServerFrame frame) implements Event {
    }

    record Refused(String clientMessageId, String code, String message) implements Event {
    }

    record Quota(TokenQuota quota) implements Event {
    }

    record FileStatus(WireFile file) implements Event {
    }

    record Unanswered(String clientMessageId) implements Event {
    }

    record Undecodable(String text, String problem) implements Event {
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
    public void onReady(ServerFrame.Ready ready) {
        add(new Ready(ready));
    }

    @Override
    public void onReset() {
        add(new Reset());
    }

    @Override
    public void onFrame(ServerFrame frame) {
        add(new Frame(frame));
    }

    @Override
    public void onFileStatus(WireFile file) {
        add(new FileStatus(file));
    }

    @Override
    public void onQuota(TokenQuota quota) {
        add(new Quota(quota));
    }

    @Override
    public void onRefused(String clientMessageId, String code, String message) {
        add(new Refused(clientMessageId, code, message));
    }

    @Override
    public void onUnanswered(String clientMessageId) {
        add(new Unanswered(clientMessageId));
    }

    @Override
    public void onUndecodable(String text, String problem) {
        add(new Undecodable(text, problem));
    }

    @Override
    public void onStopped(ConnectionStatus status) {
        add(new Stopped(status));
    }

    private void add(Event event) {
        all.add(event);
        unseen.add(event);
    }

    /** The next event of {@code type} that matches, skipping the others. */
    <T extends Event> T await(Class<T> type, Predicate<T> wanted) {
        List<Event> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                Event event = unseen.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    fail("no " + type.getSimpleName() + " as wanted within " + TIMEOUT + "; skipped " + skipped);
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
        return await(type, e -> true);
    }

    ConnectionStatus awaitStatus(State state) {
        return await(Status.class, s -> s.status().state() == state).status();
    }

    <T extends ServerFrame> T awaitFrame(Class<T> type) {
        return type.cast(await(Frame.class, f -> type.isInstance(f.frame())).frame());
    }

    /** Every event so far, awaited or not. */
    List<Event> all() {
        return List.copyOf(all);
    }

    List<ConnectionStatus> statuses() {
        return all.stream().filter(e -> e instanceof Status).map(e -> ((Status) e).status()).toList();
    }

    List<State> states() {
        return statuses().stream().map(ConnectionStatus::state).toList();
    }

    /** The frames delivered, in order. */
    List<ServerFrame> frames() {
        return all.stream().filter(e -> e instanceof Frame).map(e -> ((Frame) e).frame()).toList();
    }

    /** The seqs of the stored events delivered, in order. */
    List<Long> storedSeqs() {
        List<Long> seqs = new ArrayList<>();
        for (ServerFrame frame : frames()) {
            if (frame instanceof ServerFrame.Message m) {
                seqs.add(m.seq());
            } else if (frame instanceof ServerFrame.AgentUpdated u) {
                seqs.add(u.seq());
            }
        }
        return seqs;
    }

    <T extends Event> List<T> events(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
