package dev.agentbuilder.chat.client.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a joined connection honest: a ping every interval, and if no frame at all arrives within the timeout after
 * one, the connection is taken for dead (a TCP connection can stay open long after its other end is gone).
 *
 * <p>Confined to the client's thread: it is started, fed and stopped there, and its timers run there.
 */
final class Heartbeat {

    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final Duration timeout;
    private Runnable ping;
    private Runnable silent;
    private ScheduledFuture<?> nextPing;
    private ScheduledFuture<?> deadline;
    private boolean heard;

    /** @param interval zero for no heartbeat */
    Heartbeat(ScheduledExecutorService executor, Duration interval, Duration timeout) {
        this.executor = executor;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Starts pinging with {@code ping}; {@code silent} runs when a ping goes unanswered. Replaces a former start. */
    void start(Runnable ping, Runnable silent) {
        stop();
        if (interval.isZero()) {
            return;
        }
        this.ping = ping;
        this.silent = silent;
        nextPing = executor.schedule(this::ping, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A frame arrived. */
    void heard() {
        heard = true;
    }

    void stop() {
        if (nextPing != null) {
            nextPing.cancel(false);
            nextPing = null;
        }
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void ping() {
        heard = false;
        ping.run();
        deadline = executor.schedule(this::check, timeout.toNanos(), TimeUnit.NANOSECONDS);
        nextPing = executor.schedule(this::ping, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void check() {
        deadline = null;
        if (!heard) {
            stop();
            silent.run();
        }
    }
}
