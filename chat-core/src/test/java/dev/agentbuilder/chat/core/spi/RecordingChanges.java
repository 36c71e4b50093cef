package dev.agentbuilder.chat.core.spi;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.core.ThreadChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A listing subscriber that queues every change it gets, so a test can take them in order. Thread-safe. */
public final class RecordingChanges implements Consumer<ThreadChange> {

    /** How long {@link #next()} waits: long enough for a broker that is reconnecting. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final BlockingQueue<ThreadChange> received = new LinkedBlockingQueue<>();

    @Override
    public void accept(ThreadChange change) {
        received.add(change);
    }

    /** The next change; fails the test when none comes within {@link #TIMEOUT}. */
    public ThreadChange next() {
        try {
            ThreadChange next = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                fail("no listing change within " + TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next change within {@code wait}, or null when none came. */
    public ThreadChange poll(Duration wait) {
        try {
            return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code count} changes, in the order they came. */
    public List<ThreadChange> next(int count) {
        List<ThreadChange> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.add(next());
        }
        return changes;
    }

    /** Skips changes until one matches, and returns it; the skipped ones are added to {@code skipped}. */
    public ThreadChange until(Predicate<ThreadChange> wanted, List<ThreadChange> skipped) {
        while (true) {
            ThreadChange next = next();
            if (wanted.test(next)) {
                return next;
            }
            skipped.add(next);
        }
    }

    /** The changes received and not yet taken, taking them. */
    public List<ThreadChange> drain() {
        List<ThreadChange> changes = new ArrayList<>();
        received.drainTo(changes);
        return changes;
    }
}
