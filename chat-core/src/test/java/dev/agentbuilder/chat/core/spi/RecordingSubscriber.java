package dev.agentbuilder.chat.core.spi;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.core.ThreadEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A bus subscriber that queues every event it gets, so a test can take them in order. Thread-safe. */
public final class RecordingSubscriber implements Consumer<ThreadEvent> {

    /** How long {@link #next()} waits: long enough for a broker that is reconnecting. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final BlockingQueue<ThreadEvent> received = new LinkedBlockingQueue<>();

    @Override
    public void accept(ThreadEvent event) {
        received.add(event);
    }

    /** The next event; fails the test when none comes within {@link #TIMEOUT}. */
    public ThreadEvent next() {
        try {
            ThreadEvent next = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                fail("no event within " + TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next {@code count} events, in the order they came. */
    public List<ThreadEvent> next(int count) {
        List<ThreadEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    /** Skips events until one matches, and returns it; the skipped ones are returned by {@link #skipped}. */
    public ThreadEvent until(Predicate<ThreadEvent> wanted, List<ThreadEvent> skipped) {
        while (true) {
            ThreadEvent next = next();
            if (wanted.test(next)) {
                return next;
            }
            skipped.add(next);
        }
    }

    /** The events received and not yet taken, taking them. */
    public List<ThreadEvent> drain() {
        List<ThreadEvent> events = new ArrayList<>();
        received.drainTo(events);
        return events;
    }
}
