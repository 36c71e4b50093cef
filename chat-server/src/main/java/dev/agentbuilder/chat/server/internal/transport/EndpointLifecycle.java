package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.ChatException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the endpoint is in its life: starting until the selector has bound the port (or failed to), then serving,
 * then draining, when new connections are turned away.
 *
 * <p>Thread-safe: the latch and the start failure are set once, by the selector thread; {@link #draining} is
 * volatile, set by the stopping thread and read by the Java-WebSocket threads.
 */
final class EndpointLifecycle {

    private static final long START_TIMEOUT_SECONDS = 10;

    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Exception> startFailure = new AtomicReference<>();
    private volatile boolean draining;

    /** The selector listens. */
    void started() {
        started.countDown();
    }

    /** The selector could not start, typically because the port could not be bound. */
    void failedToStart(Exception failure) {
        startFailure.compareAndSet(null, failure);
        started.countDown();
    }

    /**
     * Waits until the selector listens on {@code host:port}.
     *
     * @throws ChatException when it failed to, or did not within 10 s
     */
    void awaitStarted(String host, int port) {
        try {
            if (!started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new ChatException("the server did not start within " + START_TIMEOUT_SECONDS + " s", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while starting", e, true);
        }
        Exception failure = startFailure.get();
        if (failure != null) {
            throw new ChatException("could not listen on " + host + ":" + port + ": " + failure.getMessage(), failure,
                    false);
        }
    }

    /** From now on, new connections are turned away. */
    void beginDrain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }
}
