package dev.agentbuilder.chat.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in the order they were submitted, on a shared pool: the executor of one chat thread.
 * Different chat threads each have one and run in parallel on the same pool.
 *
 * <p>Guarded by {@code this}: {@link #tasks} and {@link #scheduled}.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** After this many tasks in a row, hand the worker back so one busy chat thread cannot starve others. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            int dropped;
            synchronized (this) {
                dropped = tasks.size();
                tasks.clear();
                scheduled = false;
            }
            log.debug("pool shut down; dropped {} task(s)", dropped);
        }
    }

    private void drain() {
        for (int done = 0; done < BATCH; done++) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("chat thread task failed", e);
            }
        }
        schedule();
    }
}
