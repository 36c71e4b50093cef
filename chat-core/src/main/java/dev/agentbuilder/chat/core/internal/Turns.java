package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.memory.ChatMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread's turns: the user messages waiting for one, the running turn and the lease it runs under, and what the
 * turn's work becomes (stored drafts and reply, published events).
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
final class Turns implements TurnHost {

    /** What the turns ask of the thread around them. */
    interface Host {

        /** Whether the thread has left memory: it starts no turn. */
        boolean closed();

        /** Whether a change to the draft by hand is being written: no turn may start on a draft not stored. */
        boolean draftBeingWritten();

        /** The turns have no work left: the thread retires after its grace period if nobody is attached either. */
        void retireIfIdle();
    }

    private static final Logger log = LoggerFactory.getLogger(Turns.class);
    /** How soon a failure mark the store could not take is tried again. */
    private static final Duration MARK_RETRY = Duration.ofMillis(500);

    private final String threadId;
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final WriteGate gate;
    private final ThreadState state;
    private final Publisher publisher;
    private final Host host;
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

    Turns(String threadId, EngineConfig config, Scheduler scheduler, WriteGate gate, ThreadState state,
            Publisher publisher, TurnLock lock, Host host) {
        this.threadId = threadId;
        this.config = config;
        this.scheduler = scheduler;
        this.gate = gate;
        this.state = state;
        this.publisher = publisher;
        this.host = host;
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

    /** Messages a crash left unanswered, found when the thread was loaded (lease of one process only). */
    void recover(List<ThreadMessage> unanswered) {
        pending.addAll(unanswered);
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
        endTurn(undone);
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
        turn = new Turn(this, pending.poll(), Stamps.newId());
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

    /**
     * Whether the running turn may still speak: with a shared lease, only while the lease is surely this node's (a
     * node that wakes from a pause renews first, and stops if the lease was taken).
     */
    private boolean stillHolding() {
        if (shared && turn != null) {
            lease.sure();
        }
        return turn != null;
    }

    // ---- TurnHost

    @Override
    public String threadId() {
        return threadId;
    }

    @Override
    public EngineConfig config() {
        return config;
    }

    @Override
    public void execute(Runnable task) {
        scheduler.execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay);
    }

    @Override
    public AgentDraft draft() {
        return state.draft();
    }

    @Override
    public ChatMemory memory(Channel channel) {
        return state.memory(channel);
    }

    @Override
    public Instant now() {
        return Stamps.now(config.clock());
    }

    /**
     * Takes the successive drafts one model response made as the current draft, and stores them (one event each, one
     * write for all) without waiting; each event is published once stored. If the write fails, so does the turn.
     */
    @Override
    public void applyDrafts(Turn by, List<AgentDraft> changes) {
        if (changes.isEmpty()) {
            return;
        }
        state.setDraft(changes.get(changes.size() - 1));
        TurnWriter writer = lease.writer();
        onceStored(() -> gate.whenWritten(() -> writer.appendDrafts(changes, state.takeMemoryChanges()),
                (events, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        fencedOut(by);
                        return;
                    }
                    if (failure instanceof ThreadStore.VersionConflict) {
                        // A change by hand on another node came first: the builder's changes, and what its memory
                        // says of them, are dropped; the user sends the message again on the new draft.
                        state.memory(by.userMessage.channel()).set(by.memoryBefore());
                        state.refreshDraft();
                        by.draftChangedMeanwhile();
                        return;
                    }
                    if (failure != null) {
                        log.warn("could not store the draft changes in thread {}", threadId, failure);
                        state.memoryNotWritten();
                        state.draftNotStored();
                        by.storeFailed();
                        return;
                    }
                    for (AgentUpdated event : events) {
                        state.stored(event);
                        publisher.publish(event);
                    }
                }));
    }

    @Override
    public void publishForTurn(ThreadEvent event) {
        if (stillHolding()) {
            onceStored(() -> publisher.publish(event));
        }
    }

    @Override
    public void turnFinished(Turn finished, ThreadMessage reply) {
        TurnWriter writer = lease.writer();
        onceStored(() -> gate.whenWritten(() -> writer.appendReply(reply, state.takeMemoryChanges()),
                (event, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        fencedOut(finished);
                        return;
                    }
                    if (failure != null) {
                        state.memoryNotWritten();
                    } else {
                        // Stored under a token that was still current: it is the thread's, whatever happened since.
                        state.stored(event);
                        publisher.publish(event);
                    }
                    if (turn != finished) {
                        // Stopped meanwhile because the lease could not be renewed: nothing more of it is said.
                        return;
                    }
                    if (failure != null && shared && !lease.confirm()) {
                        // The write failed because the lease was lost (its connection died while another node took
                        // it, say): the next holder answers the message, and this node says nothing more.
                        return;
                    }
                    if (failure != null) {
                        log.warn("could not store the reply in thread {}", threadId, failure);
                        publisher.publish(new TurnFailed(finished.userMessage.id(),
                                finished.userMessage.clientMessageId(), ErrorCode.INTERNAL,
                                "The reply could not be stored. Please send your message again."));
                        config.observer().turnEnded(EngineObserver.TurnOutcome.FAILED, finished.elapsed());
                    } else {
                        config.observer().turnEnded(reply.stopped() ? EngineObserver.TurnOutcome.CANCELLED
                                : EngineObserver.TurnOutcome.COMPLETED, finished.elapsed());
                    }
                    endTurn(finished);
                }));
    }

    /**
     * With a lease of one process the failure mark is not waited for: a lost mark only means the turn is run again
     * when the thread is next loaded. With a shared lease it is: the next turn is chosen from the store, which must
     * not offer this message again, and a node fenced out meanwhile must not announce the failure.
     */
    @Override
    public void turnFailed(Turn failed, ErrorCode code, String message) {
        TurnWriter writer = lease.writer();
        onceStored(() -> {
            if (shared) {
                markThenAnnounce(failed, code, message, writer);
                return;
            }
            gate.whenWritten(() -> writer.markTurnFailed(failed.userMessage.id(), state.takeMemoryChanges()),
                    (none, failure) -> {
                        if (failure != null) {
                            state.memoryNotWritten();
                            log.warn("could not record the failed turn in thread {}", threadId, failure);
                        }
                    });
            announceFailure(failed, code, message);
        });
    }

    /**
     * Stores the failure mark, then announces the failure. A mark the store could not take is tried again while the
     * turn keeps its lease (renewed as for any running turn): until it is stored the message still waits in the store,
     * and the next turn would answer it again. If the lease is lost meanwhile, the next holder decides.
     */
    private void markThenAnnounce(Turn failed, ErrorCode code, String message, TurnWriter writer) {
        gate.whenWritten(() -> writer.markTurnFailed(failed.userMessage.id(), state.takeMemoryChanges()),
                (none, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        fencedOut(failed);
                        return;
                    }
                    if (turn != failed) {
                        return;
                    }
                    if (failure != null) {
                        log.warn("could not record the failed turn in thread {}; trying again", threadId,
                                failure);
                        state.memoryNotWritten();
                        schedule(() -> markThenAnnounce(failed, code, message, writer), MARK_RETRY);
                        return;
                    }
                    if (stillHolding()) {
                        announceFailure(failed, code, message);
                    }
                });
    }

    private void announceFailure(Turn failed, ErrorCode code, String message) {
        publisher.publish(new TurnFailed(failed.userMessage.id(), failed.userMessage.clientMessageId(), code, message));
        config.observer().turnEnded(EngineObserver.TurnOutcome.FAILED, failed.elapsed());
        endTurn(failed);
    }

    // ---- the end of a turn

    /** Runs what the running turn does that others can see, once its user message is stored. */
    private void onceStored(Runnable effect) {
        gate.onceStored(turn == null ? null : turn.userMessage.id(), effect);
    }

    /**
     * Another node took the thread's turn lease while this turn ran (this node was paused, or cut off, past the
     * lease). The turn stops without a word (the new holder answers the message) and the lease is not given back:
     * it is not this node's any more.
     */
    private void fencedOut(Turn stopped) {
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

    private void endTurn(Turn ended) {
        if (turn != ended) {
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

    private void announce(TurnState state) {
        onceStored(() -> {
            if (announced != state) {
                announced = state;
                publisher.publish(new StatusChanged(state));
            }
        });
    }

    TurnState status() {
        return turn == null ? TurnState.IDLE : TurnState.THINKING;
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

    void stopRunningTurn() {
        if (turn != null) {
            turn.cancel();
        }
    }
}
