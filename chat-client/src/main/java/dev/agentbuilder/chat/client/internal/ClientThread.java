package dev.agentbuilder.chat.client.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a client, {@code chat-client-N}: everything the client's state sees runs here, in the order it
 * was handed over, and a task that throws is logged without stopping the others. Timers run here too; once the
 * thread is shut down, pending timers are dropped.
 *
 * <p>Thread-safe: any thread hands work over.
 */
final class ClientThread {

    private static final Logger log = LoggerFactory.getLogger(ClientThread.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    ClientThread() {
        String name = "chat-client-" + CLIENTS.incrementAndGet();
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread created = new Thread(task, name);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        // Closed means closed: timers still pending then must not run.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // The heartbeat and the ready timer are cancelled on every connection: do not let them pile up.
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Whether the caller is this thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} here, after what was handed over before.
     *
     * @throws IllegalStateException once shut down: the client is closed
     */
    void post(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the client is closed", e);
        }
    }

    /** {@link #post}, dropping the task once shut down: for the WebSocket's callbacks, which may come late. */
    void postQuietly(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            log.debug("the client is closed; dropping a callback");
        }
    }

    /** Runs {@code task} here after {@code delay}, unless cancelled or shut down before. */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs what was handed over already, then ends the thread. */
    void shutdown() {
        executor.shutdown();
    }

    /** For a timer that needs the executor itself. */
    ScheduledThreadPoolExecutor executor() {
        return executor;
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("a chat client task failed", e);
        }
    }
}
