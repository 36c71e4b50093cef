package dev.agentbuilder.chat.core.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs tasks one at a time on shared pools: the executor of one chat thread. Different chat threads each have one
 * and run in parallel on the same pools.
 *
 * <p>Two lanes. Ordinary tasks run in submission order on the ordinary pool, where every chat thread's streaming
 * work queues. Urgent tasks (a user message and its acknowledgement) run before this executor's ordinary tasks and
 * are started on the urgent pool, so they never wait behind other chat threads' work: an ack says "your message is
 * safe" and should not take as long as someone else's reply. Only one task of this executor ever runs at a time.
 *
 * <p>Guarded by {@code this}: the queues and the three flags.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** After this many tasks in a row, hand the worker back so one busy chat thread cannot starve others. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final Executor urgentPool;
    private final String threadId;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Small: urgent tasks come one or two at a time, and every chat thread held in memory has this deque. */
    private final ArrayDeque<Runnable> urgentTasks = new ArrayDeque<>(2);
    private boolean running;
    /** A drain of this executor waits in the ordinary pool's queue. */
    private boolean scheduled;
    /** A drain of this executor waits in the urgent pool's queue. */
    private boolean urgentScheduled;

    SerialExecutor(Executor pool, Executor urgentPool) {
        this(pool, urgentPool, null);
    }

    /** With {@code threadId} in the logging MDC while its tasks run, so that every log line says whose they are. */
    SerialExecutor(Executor pool, Executor urgentPool, String threadId) {
        this.pool = pool;
        this.urgentPool = urgentPool;
        this.threadId = threadId;
    }

    @Override
    public void execute(Runnable task) {
        boolean schedule;
        synchronized (this) {
            tasks.add(task);
            // A running drain of either lane schedules the ordinary lane when it stops, if it has to.
            schedule = !running && !scheduled;
            scheduled |= schedule;
        }
        if (schedule) {
            schedule(false);
        }
    }

    /** Runs {@code task} before the ordinary tasks that wait, started without queueing behind other chat threads. */
    void executeUrgent(Runnable task) {
        boolean schedule;
        synchronized (this) {
            urgentTasks.add(task);
            // A running drain of either lane takes urgent tasks first.
            schedule = !running && !urgentScheduled;
            urgentScheduled |= schedule;
        }
        if (schedule) {
            schedule(true);
        }
    }

    private void schedule(boolean urgent) {
        try {
            (urgent ? urgentPool : pool).execute(() -> drain(urgent));
        } catch (RejectedExecutionException e) {
            int dropped;
            synchronized (this) {
                dropped = tasks.size() + urgentTasks.size();
                tasks.clear();
                urgentTasks.clear();
                scheduled = false;
                urgentScheduled = false;
            }
            log.debug("pool shut down; dropped {} task(s)", dropped);
        }
    }

    /**
     * Runs this executor's tasks, urgent ones first. A drain on the urgent pool runs urgent tasks only: the ordinary
     * ones (streaming) would otherwise keep the urgent pool busy, and urgent tasks would queue behind them there.
     */
    private void drain(boolean urgentLane) {
        synchronized (this) {
            if (urgentLane) {
                urgentScheduled = false;
            } else {
                scheduled = false;
            }
            if (running) {
                // The other lane's drain runs; it schedules again what it leaves.
                return;
            }
            running = true;
        }
        if (threadId != null) {
            MDC.put("threadId", threadId);
        }
        for (int done = 0; done < BATCH; done++) {
            Runnable next;
            synchronized (this) {
                next = urgentTasks.poll();
                if (next == null && !urgentLane) {
                    next = tasks.poll();
                }
                if (next == null) {
                    break;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("chat thread task failed", e);
            }
        }
        if (threadId != null) {
            MDC.remove("threadId");
        }
        boolean again;
        boolean againUrgent;
        synchronized (this) {
            running = false;
            againUrgent = !urgentTasks.isEmpty() && !urgentScheduled;
            urgentScheduled |= againUrgent;
            again = !tasks.isEmpty() && !scheduled;
            scheduled |= again;
        }
        if (againUrgent) {
            schedule(true);
        }
        if (again) {
            schedule(false);
        }
    }
}
