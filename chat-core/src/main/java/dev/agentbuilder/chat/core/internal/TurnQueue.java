package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What waits for a thread's turn and when the next turn starts: the user messages waiting, the running turn, the
 * lease it runs under, and the thread's status (thinking or idle) as announced. What a turn's work becomes is
 * {@link TurnOutcomes}, which sees this queue as {@link RunningTurn}.
 *
 * <p>With a lease of one process, this node is the only one to answer the thread: the messages waiting are the ones
 * submitted here (and those a crash left unanswered), and a turn starts while its message is being stored. With a
 * lease shared by several nodes, the store says what waits: after taking the lease the node reads the thread's draft,
 * chat memory and unanswered messages again (another node may have changed them), answers the oldest, and only
 * starts a turn for a message once it is stored. The lease ({@link TurnLease}) is renewed while the turn runs; a
 * turn whose lease was taken over (its renewal or a fenced write refused), or could not be renewed in time, stops
 * without a word, and the next holder answers.
 *
 * <p>Confined to the session's executor.
 */
final class TurnQueue implements RunningTurn {

    /** What the queue asks of the thread around it. */
    interface Host {

        /** Whether the thread has left memory: it starts no turn. */
        boolean closed();

        /** Whether a change to the draft by hand is being written: no turn may start on a draft not stored. */
        boolean draftBeingWritten();

        /** The queue has no work left: the thread retires after its grace period if nobody is attached either. */
        void retireIfIdle();

        /** The engine's knowledge files, which a preview turn searches. */
        EngineKnowledge knowledge();
    }

    private static final Logger log = LoggerFactory.getLogger(TurnQueue.class);

    private final String threadId;
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final WriteGate gate;
    private final ThreadState state;
    private final Publisher publisher;
    private final Host host;
    /** Where the running turn's work goes: the turn's {@link TurnHost}. */
    private final TurnOutcomes outcomes;
    private final boolean shared;
    private final ArrayDeque<ThreadMessage> pending = new ArrayDeque<>();
    /** With a shared lease: the store may hold messages waiting for this thread's turn. */
    private boolean wanted;
    private Turn turn;
    /** The lease the running turn holds, kept between turns while messages wait. */
    private final TurnLease lease;
    private TurnState announced = TurnState.IDLE;
    private CompletableFuture<Void> idle;
    private boolean draining;

    TurnQueue(String threadId, EngineConfig config, Scheduler scheduler, WriteGate gate, ThreadState state,
            Publisher publisher, TurnLock lock, Host host) {
        this.threadId = threadId;
        this.config = config;
        this.scheduler = scheduler;
        this.gate = gate;
        this.state = state;
        this.publisher = publisher;
        this.host = host;
        this.outcomes = new TurnOutcomes(threadId, config, scheduler, gate, state, publisher, this, host.knowledge());
        this.shared = config.shared();
        this.lease = new TurnLease(threadId, lock, config.store(), scheduler, new TurnLease.Loss() {
            @Override
            public void takenOver() {
                fencedOut(turn);
            }

            @Override
            public void unsure(ChatException cause) {
                // Cut off from the store past the point where another node may hold the lease: this node cannot
                // know whether it still may speak, so it stops as if fenced out. The message stays unanswered in the
                // store for whoever holds the lease next, this node included, once the store answers again.
                log.warn("thread {}: could not renew the turn lease in time ({}); this node's turn stops",
                        threadId, cause.getMessage());
                lost(turn);
            }
        });
    }

    boolean shared() {
        return shared;
    }

    boolean running() {
        return turn != null;
    }

    boolean hasWork() {
        return turn != null || !pending.isEmpty() || wanted;
    }

    int waiting() {
        return pending.size();
    }

    /** A message that will be stored: with a lease of one process, its turn may start before it is. */
    void add(ThreadMessage message) {
        if (!shared) {
            pending.add(message);
        }
    }

    /**
     * User messages stored without an answer are turns a crash or a shutdown interrupted, read when the thread is
     * loaded (lease of one process only): they are answered now, in order, or (when configured not to) each closed
     * with an empty stopped reply that clients can see. Blocks on the store's read.
     */
    void recoverInterrupted() {
        List<ThreadMessage> unanswered = config.store().unansweredUserMessages(threadId);
        if (unanswered.isEmpty()) {
            return;
        }
        log.info("thread {}: {} interrupted turn(s) to {}", threadId, unanswered.size(),
                config.answerInterruptedTurns() ? "answer" : "mark as stopped");
        if (config.answerInterruptedTurns()) {
            pending.addAll(unanswered);
        } else {
            outcomes.closeInterrupted(unanswered);
        }
    }

    /** The message is stored: with a shared lease, it is in the store for whoever takes the lease. */
    void stored(ThreadMessage message) {
        if (shared) {
            wanted = true;
        }
        if (turn != null && turn.userMessage == message) {
            gate.settled(message.id(), true).forEach(Runnable::run);
        } else {
            gate.settled(message.id(), false);
        }
    }

    /** Messages may be waiting in the store: a sweep found the thread, or a node's turn there was lost. */
    void wake() {
        if (shared) {
            wanted = true;
        }
        startNext();
    }

    /** Drops a user message the store did not take, and undoes its turn if that has started. */
    void forget(ThreadMessage message) {
        gate.settled(message.id(), false);
        if (pending.remove(message) || turn == null || turn.userMessage != message) {
            return;
        }
        Turn undone = turn;
        gate.dropHeld();
        undone.abandon();
        state.memory(undone.userMessage.channel()).set(undone.memoryBefore());
        state.setDraft(undone.draftBefore());
        ended(undone);
    }

    void cancel() {
        if (turn != null) {
            turn.cancel();
        }
    }

    void startNext() {
        if (turn != null || draining || host.closed() || (shared ? !wanted : pending.isEmpty())) {
            return;
        }
        if (host.draftBeingWritten()) {
            // A turn starts from a stored draft; the write's end starts it.
            return;
        }
        boolean reload = false;
        if (!lease.held()) {
            if (!lease.acquire(this::startNext)) {
                return;
            }
            reload = lease.othersHeldItSince();
        }
        if (shared && !reload && !state.refreshDraft()) {
            // Changes by hand are made without the lease, on any node: the draft is read again at every turn.
            giveBackAndTryAgain();
            return;
        }
        if (shared && !takeWaitingFromStore(reload)) {
            return;
        }
        turn = new Turn(outcomes, pending.poll(), Stamps.newId());
        announce(TurnState.THINKING);
        lease.keepRenewed();
        turn.start();
    }

    /**
     * Under a shared lease: reads the thread again if {@code reload}, and takes the messages waiting in the store as
     * the queue. False (the lease given back) when there are none, or the store cannot say.
     */
    private boolean takeWaitingFromStore(boolean reload) {
        List<ThreadMessage> waitingNow;
        try {
            if (reload) {
                state.reloadUnderLease();
            }
            waitingNow = config.store().unansweredUserMessages(threadId);
        } catch (ChatException e) {
            log.warn("could not read the waiting messages of thread {}", threadId, e);
            giveBackAndTryAgain();
            return false;
        }
        wanted = false;
        pending.clear();
        pending.addAll(waitingNow);
        if (pending.isEmpty()) {
            lease.giveBack();
            host.retireIfIdle();
            return false;
        }
        return true;
    }

    /** The store could not say what to do under the lease: it goes back, and the next turn is looked for soon. */
    private void giveBackAndTryAgain() {
        lease.giveBack();
        scheduler.schedule(this::startNext, TurnLease.RETRY);
    }

    // ---- RunningTurn

    @Override
    public boolean current(Turn candidate) {
        return turn == candidate;
    }

    @Override
    public long fence() {
        return lease.token();
    }

    @Override
    public TurnWriter writer() {
        return lease.writer();
    }

    @Override
    public boolean maySpeak() {
        if (shared && turn != null) {
            lease.sure();
        }
        return turn != null;
    }

    @Override
    public boolean leaseConfirmed() {
        return lease.confirm();
    }

    @Override
    public void onceStored(Runnable effect) {
        gate.onceStored(turn == null ? null : turn.userMessage.id(), effect);
    }

    /**
     * Another node took the thread's turn lease while this turn ran (this node was paused, or cut off, past the
     * lease). The turn stops without a word (the new holder answers the message) and the lease is not given back:
     * it is not this node's any more.
     */
    @Override
    public void fencedOut(Turn stopped) {
        if (stopped == null || turn != stopped) {
            return;
        }
        log.warn("thread {}: the turn lease was taken over by another node; this node's turn stops",
                threadId);
        lost(stopped);
    }

    /**
     * The turn stops without a word, and the lease is forgotten. Memory it has not written is left to its queued
     * writes (refused if another node holds the lease, stored if it was in fact still this node's); the rest is
     * dropped when this node next takes the lease and reads the thread again ({@link ThreadState#reloadUnderLease}:
     * a lost lease always means reading the thread again).
     */
    private void lost(Turn stopped) {
        if (stopped == null || turn != stopped) {
            return;
        }
        stopped.abandon();
        lease.lost();
        turn = null;
        // The new holder answers every message still unanswered in the store, these included.
        pending.clear();
        announced = TurnState.IDLE;
        finishIdle();
    }

    @Override
    public void ended(Turn finished) {
        if (turn != finished) {
            return;
        }
        turn = null;
        if (shared) {
            // More may have been stored meanwhile, here or on another node: the lease is kept to look, and to answer
            // them at once (a lease given back and taken again costs two commits a turn).
            wanted = true;
        } else {
            lease.giveBack();
        }
        startNext();
        if (lease.held() && turn == null) {
            // Nothing started under the lease kept (draining, closing, a change by hand being written, nothing
            // waiting): it goes back now.
            lease.giveBack();
        }
        if (turn == null) {
            announce(TurnState.IDLE);
            finishIdle();
        }
    }

    private void finishIdle() {
        if (idle != null) {
            idle.complete(null);
            idle = null;
        }
        host.retireIfIdle();
    }

    private void announce(TurnState status) {
        onceStored(() -> {
            if (announced != status) {
                announced = status;
                publisher.publish(new StatusChanged(status));
            }
        });
    }

    /** Starts no more turns; completes when the running turn, if any, has ended. */
    CompletableFuture<Void> drain() {
        draining = true;
        if (turn == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (idle == null) {
            idle = new CompletableFuture<>();
        }
        return idle;
    }
}
