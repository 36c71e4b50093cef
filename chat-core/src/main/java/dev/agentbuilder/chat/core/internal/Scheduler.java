package dev.agentbuilder.chat.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs a live thread's work on the thread's serial executor, where every part of the thread is confined: one task at
 * a time, in order. Every method may be called from any Java thread; none waits.
 */
interface Scheduler {

    /** Runs {@code task} on the thread's executor, after the work queued there. */
    void execute(Runnable task);

    /** Runs {@code task} on the thread's executor before its waiting work, without queueing behind other threads. */
    void executeUrgent(Runnable task);

    /** Runs {@code task} on the thread's executor after {@code delay}; null when the engine is shutting down. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);
}
