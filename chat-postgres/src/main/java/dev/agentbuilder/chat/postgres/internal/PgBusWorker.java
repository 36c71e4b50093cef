package dev.agentbuilder.chat.postgres.internal;

import java.util.concurrent.TimeUnit;

/**
 * A daemon thread of the bus that owns a connection: {@link #work()} runs on it until {@link #close()}. Only
 * {@code closed} is shared, and it is volatile.
 */
abstract class PgBusWorker implements AutoCloseable {

    private final Thread thread;
    private volatile boolean closed;

    PgBusWorker(String threadName) {
        this.thread = new Thread(this::work, threadName);
        thread.setDaemon(true);
    }

    /** Starts the thread: call at the end of the subclass's constructor, once its fields are set. */
    final void start() {
        thread.start();
    }

    /** The thread's loop, which returns once {@link #closed()} (or once interrupted). */
    abstract void work();

    final boolean closed() {
        return closed;
    }

    /** Stops the thread and waits for it: up to a statement's socket timeout, when one is under way. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
