package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions held in memory, one per chat thread with members, and the workers they run on.
 *
 * <p>Thread-safe. A session's attach count changes only inside {@code sessions.compute} for its key, so a join and a
 * retirement of the same thread cannot interleave: a session is removed only while nobody is attached.
 */
public final class SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    /** How long stopped turns, then the workers, get to finish after the drain time. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /** The sweep for threads waiting for a turn runs every renewal interval of the lease, at most this often. */
    private static final Duration SWEEP_AT_LEAST = Duration.ofMillis(500);
    private static final int SWEEP_BATCH = 32;
    /** After a full batch (a node died holding many threads): how soon the sweep looks again. */
    private static final Duration SWEEP_AGAIN = Duration.ofMillis(250);
    /** With a bus across nodes, which may lose events: how often live threads check the store for what they missed. */
    private static final Duration CATCH_UP_EVERY = Duration.ofSeconds(5);

    private final EngineConfig config;
    /** The thread's turn lease: the cluster store's, or this process's own. */
    private final TurnLock turnLock;
    private final ExecutorService pool;
    /** Runs chat threads' urgent tasks (user messages, acks), which must not queue behind streaming. */
    private final ExecutorService urgentPool;
    private final ScheduledExecutorService timers;
    private final ConcurrentHashMap<String, ThreadSession> sessions = new ConcurrentHashMap<>();
    private final Catalog catalog;
    private final EngineKnowledge knowledge;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    /** Whether a sweep soon after a full batch is scheduled: one at a time, however many full batches came. */
    private final AtomicBoolean sweepAgain = new AtomicBoolean();

    public SessionRegistry(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.turnLock = config.shared() ? config.cluster().turnLock() : new LocalTurnLock();
        this.pool = Executors.newFixedThreadPool(config.workers(), named("chat-worker-"));
        this.urgentPool = Executors.newFixedThreadPool(Math.max(2, config.workers() / 8), named("chat-urgent-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("chat-timer-"));
        if (config.shared()) {
            long every = Math.max(SWEEP_AT_LEAST.toMillis(), turnLock.renewalInterval().toMillis());
            timers.scheduleWithFixedDelay(() -> runOnWorker(this::sweep), every, every, TimeUnit.MILLISECONDS);
        }
        this.catalog = new Catalog(config, this);
        this.knowledge = new EngineKnowledge(config, this);
        if (!config.retention().isZero()) {
            Retention retention = new Retention(config, this, catalog);
            long every = retention.pause().toMillis();
            timers.scheduleWithFixedDelay(() -> runOnWorker(retention::sweep), every, every, TimeUnit.MILLISECONDS);
        }
        config.bus().onResubscribed(this::catchUpAll);
        if (config.bus().crossesNodes()) {
            long every = CATCH_UP_EVERY.toMillis();
            timers.scheduleWithFixedDelay(this::catchUpAll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Answers the threads that wait for a turn with no live lease (their node died, or stored a message and died
     * before its turn), whether or not anyone is connected to them. Runs on a worker: it reads the store.
     */
    private void sweep() {
        List<String> waiting;
        try {
            waiting = config.cluster().threadsWaitingForATurn(SWEEP_BATCH);
        } catch (ChatException e) {
            log.warn("could not look for threads waiting for a turn: {}", e.getMessage());
            return;
        }
        for (String threadId : waiting) {
            wake(threadId);
        }
        if (waiting.size() == SWEEP_BATCH && !shutDown.get() && sweepAgain.compareAndSet(false, true)) {
            // More may wait: a dead node's threads are answered a batch every quarter second, not every interval.
            try {
                timers.schedule(() -> {
                    sweepAgain.set(false);
                    runOnWorker(this::sweep);
                }, SWEEP_AGAIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Shutting down.
            }
        }
    }

    /** Loads the thread, with nobody attached, to answer what waits in it; it retires once it is done. */
    void wake(String threadId) {
        if (shutDown.get()) {
            return;
        }
        ThreadSession session = sessions.computeIfAbsent(threadId, id -> new ThreadSession(id, this));
        session.execute(session::wake);
    }

    /** The bus may have lost events: every live thread catches its members up from the store. */
    private void catchUpAll() {
        for (ThreadSession session : sessions.values()) {
            session.execute(session::catchUp);
        }
    }

    private void runOnWorker(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    public ThreadMember join(String threadId, String userId, long lastSeq, ThreadListener listener) {
        Identifiers.require("threadId", threadId);
        Identifiers.require("userId", userId);
        Objects.requireNonNull(listener, "listener");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + lastSeq);
        }
        if (shutDown.get()) {
            throw new ChatException("the chat engine is shut down", false);
        }
        ThreadSession session = sessions.compute(threadId, (id, existing) -> {
            ThreadSession s = existing != null ? existing : new ThreadSession(id, this);
            s.attached.incrementAndGet();
            return s;
        });
        Member member = new Member(session, userId, listener);
        session.execute(() -> session.join(member, lastSeq));
        return member;
    }

    /** The threads as their users list them. */
    public ThreadCatalog catalog() {
        return catalog;
    }

    Catalog changes() {
        return catalog;
    }

    /**
     * The thread was deleted, here or on another node: its session, if it is held here, stops its turn, tells its
     * members and leaves memory. Completes when it has (at once when it is not held).
     */
    CompletableFuture<Void> threadDeleted(String threadId) {
        ThreadSession session = sessions.get(threadId);
        if (session == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            session.execute(() -> session.delete().whenComplete((v, e) -> done.complete(null)));
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        return done;
    }

    /** Removes a deleted thread's session, whoever is still attached: they were told, and are leaving. */
    /** The agents' knowledge files. */
    public dev.agentbuilder.chat.core.ThreadKnowledge knowledge() {
        return knowledge.files();
    }

    /** The knowledge files' search, for preview turns. */
    EngineKnowledge engineKnowledge() {
        return knowledge;
    }

    /**
     * Changes a thread's knowledge files for its owner, through its session (loaded for it if need be), as a change
     * by hand. Completes with the session's answer.
     */
    CompletableFuture<dev.agentbuilder.chat.core.SubmitResult> changeFiles(String threadId, String owner,
            java.util.function.UnaryOperator<dev.agentbuilder.chat.core.AgentDraft> change) {
        CompletableFuture<dev.agentbuilder.chat.core.SubmitResult> answer = new CompletableFuture<>();
        if (shutDown.get()) {
            answer.complete(new dev.agentbuilder.chat.core.SubmitResult.Rejected(null,
                    dev.agentbuilder.chat.core.ErrorCode.INTERNAL, "The server is stopping."));
            return answer;
        }
        ThreadSession session = sessions.compute(threadId, (id, existing) -> {
            ThreadSession s = existing != null ? existing : new ThreadSession(id, this);
            s.attached.incrementAndGet();
            return s;
        });
        Member member = new Member(session, owner, new OneAnswer(answer));
        answer.whenComplete((r, e) -> detach(session));
        session.execute(() -> session.changeFiles(member, change));
        return answer;
    }

    void forget(ThreadSession session) {
        sessions.remove(session.threadId, session);
    }

    /** Sessions held in memory now. */
    public int activeSessions() {
        return sessions.size();
    }

    void detach(ThreadSession session) {
        sessions.computeIfPresent(session.threadId, (id, current) -> {
            if (current == session) {
                current.attached.decrementAndGet();
            }
            return current;
        });
        if (session.attached.get() == 0) {
            scheduleRetire(session);
        }
    }

    void scheduleRetire(ThreadSession session) {
        Duration grace = config.sessionGrace();
        if (grace.isZero()) {
            session.execute(session::retireIfUnused);
        } else {
            schedule(() -> session.execute(session::retireIfUnused), grace);
        }
    }

    /** Removes the session if it is still the thread's session and nobody is attached. */
    boolean remove(ThreadSession session) {
        boolean[] removed = {false};
        sessions.computeIfPresent(session.threadId, (id, current) -> {
            if (current == session && current.attached.get() == 0) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        return removed[0];
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** The turn lease of every thread of this engine. */
    TurnLock turnLock() {
        return turnLock;
    }

    EngineConfig config() {
        return config;
    }

    ExecutorService pool() {
        return pool;
    }

    ExecutorService urgentPool() {
        return urgentPool;
    }

    /**
     * Lets running turns finish for up to {@code drain}, then stops the rest (their partial replies are stored as
     * stopped), then releases the threads and closes the store. Blocks the caller.
     */
    public void shutdown(Duration drain) {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        try {
            List<ThreadSession> all = new ArrayList<>(sessions.values());
            List<CompletableFuture<Void>> idle = new ArrayList<>();
            for (ThreadSession session : all) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                idle.add(done);
                session.execute(() -> session.drain().whenComplete((v, e) -> done.complete(null)));
            }
            CompletableFuture<Void> allIdle = CompletableFuture.allOf(idle.toArray(CompletableFuture[]::new));
            if (!await(allIdle, drain)) {
                log.info("stopping turns still running after {} ms", drain.toMillis());
                all.forEach(s -> s.execute(s::stopRunningTurn));
                await(allIdle, STOP_TIMEOUT);
            }
            timers.shutdownNow();
            knowledge.shutdown();
            pool.shutdown();
            urgentPool.shutdown();
            try {
                if (!pool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    pool.shutdownNow();
                }
                if (!urgentPool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    urgentPool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                urgentPool.shutdownNow();
            }
        } finally {
            // Whatever happened above, the bus and the store are closed: a durable store releases its data directory.
            try {
                catalog.close();
                config.bus().close();
            } catch (RuntimeException e) {
                log.warn("closing the thread bus failed", e);
            }
            config.store().close();
        }
    }

    private static boolean await(CompletableFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
