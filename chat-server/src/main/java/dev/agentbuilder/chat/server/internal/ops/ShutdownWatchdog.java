package dev.agentbuilder.chat.server.internal.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process if an orderly stop overruns its time: an orchestrator that sent SIGTERM waits for the process to
 * exit, and a process that hangs keeps its port and its data directory's lock, so the restart that follows fails.
 * Halting skips the shutdown hooks, which may be what hangs; the operating system releases the file lock and the
 * sockets.
 *
 * <p>Thread-safe: the one flag is atomic, set by whichever thread stops first; the watch runs on
 * {@code chat-shutdown-watchdog}.
 */
public final class ShutdownWatchdog {

    /** The exit status of a halted stop: not 0, so a supervisor sees that the stop was not clean. */
    public static final int HALT_STATUS = 70;

    private static final Logger log = LoggerFactory.getLogger(ShutdownWatchdog.class);
    private static final AtomicBoolean started = new AtomicBoolean();

    private ShutdownWatchdog() {
    }

    /** Halts the JVM unless {@code stopped} reaches zero within {@code limit}; only the first call starts a watch. */
    public static void start(Duration limit, CountDownLatch stopped) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread watchdog = new Thread(() -> {
            try {
                if (stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.error("the stop did not finish within {} ms; halting with status {}", limit.toMillis(), HALT_STATUS);
            Runtime.getRuntime().halt(HALT_STATUS);
        }, "chat-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
