package dev.agentbuilder.chat.core.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timing of one turn's model calls: the watchdog that gives up on a call that streams nothing within the
 * first-token timeout, or then goes silent for the idle one, and the backoff before a call that failed is tried
 * again. Timers only: no thread waits.
 *
 * <p>Confined to the thread's executor, as its {@link Turn} is; the timers hand their work over to it.
 */
final class CallTiming {

    /** What the timing asks of, and tells, its turn. */
    interface Listener {

        /** Whether a model call is still waited for: a watchdog that fires after it ended does nothing. */
        boolean waiting();

        /** The call sent nothing for too long; {@code failure} says which timeout passed. */
        void silent(ModelFailure failure);
    }

    private static final Logger log = LoggerFactory.getLogger(CallTiming.class);

    private final TurnHost host;
    private final Listener listener;
    /** How many times the current model call was tried again. */
    private int retries;
    /** Whether the current call streamed something: then the idle timeout applies, and it is not tried again. */
    private boolean streamed;
    private long lastProgressNanos;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> retryTimer;

    CallTiming(TurnHost host, Listener listener) {
        this.host = host;
        this.listener = listener;
    }

    /** A new model call, the next step of the turn: it may be tried again as many times as configured. */
    void newCall() {
        retries = 0;
    }

    /** The call was sent (again): nothing has streamed yet, and the first-token timeout runs from now. */
    void sent() {
        retryTimer = null;
        streamed = false;
        lastProgressNanos = System.nanoTime();
        armWatchdog(host.config().modelFirstTokenTimeout());
    }

    boolean streamed() {
        return streamed;
    }

    /** The current call streamed something: from now on the idle timeout applies, and it is not tried again. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
        if (!streamed) {
            streamed = true;
            armWatchdog(host.config().modelIdleTimeout());
        }
    }

    /**
     * Cancels the timers, then runs {@code resend} after the backoff when {@code failure} is one a retry can fix and
     * the call has retries left. False when the turn fails instead (also when the engine is shutting down).
     */
    boolean retryLater(ModelFailure failure, Runnable resend) {
        cancel();
        if (failure.retriable() && retries < host.config().modelRetries()) {
            retries++;
            Duration wait = host.config().modelRetryBackoff().delay(retries - 1, ThreadLocalRandom.current());
            retryTimer = host.schedule(resend, wait);
            if (retryTimer != null) {
                log.info("model call in thread {} failed: {}; retry {} of {} in {} ms", host.threadId(),
                        failure.summary(), retries, host.config().modelRetries(), wait.toMillis());
                return true;
            }
        }
        return false;
    }

    private void armWatchdog(Duration delay) {
        cancelTimer(watchdog);
        watchdog = host.schedule(this::checkProgress, delay);
    }

    /** Fails a call that streamed nothing within the first-token timeout, or then went silent for the idle one. */
    private void checkProgress() {
        watchdog = null;
        if (!listener.waiting()) {
            return;
        }
        long idleNanos = System.nanoTime() - lastProgressNanos;
        long limitNanos = (streamed ? host.config().modelIdleTimeout() : host.config().modelFirstTokenTimeout())
                .toNanos();
        if (idleNanos >= limitNanos) {
            listener.silent(streamed ? ModelFailure.wentSilent() : ModelFailure.noFirstToken());
            return;
        }
        armWatchdog(Duration.ofNanos(limitNanos - idleNanos));
    }

    /** Cancels the watchdog and any retry waiting: the call ended, or the turn did. */
    void cancel() {
        cancelTimer(watchdog);
        cancelTimer(retryTimer);
        watchdog = null;
        retryTimer = null;
    }

    private static void cancelTimer(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
