package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.memory.ChatMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a turn's work becomes: the drafts it made and its reply stored through the writer of its lease, the mark of a
 * turn that failed, and what is published of it (its deltas, its stored events, its failure). This is where the
 * {@link Turn} sees its thread, as {@link TurnHost}; it sees the queue that runs the turn as {@link RunningTurn}. A
 * write the store refused because another node took the lease stops the turn without a word; a write that failed
 * otherwise fails the turn, unless the lease turns out lost.
 *
 * <p>Confined to the session's executor. Stateless beyond its parts: the running turn is the queue's.
 */
final class TurnOutcomes implements TurnHost {

    private static final Logger log = LoggerFactory.getLogger(TurnOutcomes.class);
    /** How soon a failure mark the store could not take is tried again. */
    private static final Duration MARK_RETRY = Duration.ofMillis(500);

    private final String threadId;
    private final EngineConfig config;
    private final Scheduler scheduler;
    private final WriteGate gate;
    private final ThreadState state;
    private final Publisher publisher;
    private final RunningTurn running;
    private final boolean shared;
    private final EngineKnowledge knowledge;

    TurnOutcomes(String threadId, EngineConfig config, Scheduler scheduler, WriteGate gate, ThreadState state,
            Publisher publisher, RunningTurn running, EngineKnowledge knowledge) {
        this.knowledge = knowledge;
        this.threadId = threadId;
        this.config = config;
        this.scheduler = scheduler;
        this.gate = gate;
        this.state = state;
        this.publisher = publisher;
        this.running = running;
        this.shared = config.shared();
    }

    @Override
    public String threadId() {
        return threadId;
    }

    @Override
    public EngineConfig config() {
        return config;
    }

    @Override
    public EngineKnowledge knowledge() {
        return knowledge;
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
        TurnWriter writer = running.writer();
        running.onceStored(() -> gate.whenWritten(
                () -> traced(by, "drafts", () -> writer.appendDrafts(changes, state.takeMemoryChanges())),
                (events, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        running.fencedOut(by);
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
    public long fence() {
        return running.fence();
    }

    @Override
    public void publishForTurn(ThreadEvent event) {
        if (running.maySpeak()) {
            running.onceStored(() -> publisher.publish(event));
        }
    }

    @Override
    public void turnFinished(Turn finished, ThreadMessage reply) {
        TurnWriter writer = running.writer();
        running.onceStored(() -> gate.whenWritten(
                () -> traced(finished, "reply", () -> writer.appendReply(reply, state.takeMemoryChanges())),
                (event, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        running.fencedOut(finished);
                        return;
                    }
                    if (failure != null) {
                        state.memoryNotWritten();
                    } else {
                        // Stored under a token that was still current: it is the thread's, whatever happened since.
                        state.stored(event);
                        publisher.publish(event);
                    }
                    if (!running.current(finished)) {
                        // Stopped meanwhile because the lease could not be renewed: nothing more of it is said.
                        return;
                    }
                    if (failure != null && shared && !running.leaseConfirmed()) {
                        // The write failed because the lease was lost (its connection died while another node took
                        // it, say): the next holder answers the message, and this node says nothing more.
                        return;
                    }
                    if (failure != null) {
                        log.warn("could not store the reply in thread {}", threadId, failure);
                        publisher.publish(new TurnFailed(finished.userMessage.id(),
                                finished.userMessage.clientMessageId(), ErrorCode.INTERNAL,
                                "The reply could not be stored. Please send your message again."));
                        finished.report(EngineObserver.TurnOutcome.FAILED);
                    } else {
                        finished.report(reply.stopped() ? EngineObserver.TurnOutcome.CANCELLED
                                : EngineObserver.TurnOutcome.COMPLETED);
                    }
                    running.ended(finished);
                }));
    }

    /**
     * With a lease of one process the failure mark is not waited for: a lost mark only means the turn is run again
     * when the thread is next loaded. With a shared lease it is: the next turn is chosen from the store, which must
     * not offer this message again, and a node fenced out meanwhile must not announce the failure.
     */
    @Override
    public void turnFailed(Turn failed, ErrorCode code, String message) {
        TurnWriter writer = running.writer();
        running.onceStored(() -> {
            if (shared) {
                markThenAnnounce(failed, code, message, writer);
                return;
            }
            gate.whenWritten(() -> traced(failed, "failure",
                            () -> writer.markTurnFailed(failed.userMessage.id(), state.takeMemoryChanges())),
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
        gate.whenWritten(() -> traced(failed, "failure",
                        () -> writer.markTurnFailed(failed.userMessage.id(), state.takeMemoryChanges())),
                (none, failure) -> {
                    if (failure instanceof ClusterStore.FencedOut) {
                        running.fencedOut(failed);
                        return;
                    }
                    if (!running.current(failed)) {
                        return;
                    }
                    if (failure != null) {
                        log.warn("could not record the failed turn in thread {}; trying again", threadId,
                                failure);
                        state.memoryNotWritten();
                        schedule(() -> markThenAnnounce(failed, code, message, writer), MARK_RETRY);
                        return;
                    }
                    if (running.maySpeak()) {
                        announceFailure(failed, code, message);
                    }
                });
    }

    /**
     * Closes each of the turns a crash or a shutdown interrupted with an empty stopped reply, without waiting. Only
     * with the lease of one process, whose tokens are 0 and fence nothing, when the thread is loaded: no turn runs yet.
     */
    void closeInterrupted(List<ThreadMessage> unanswered) {
        TurnWriter writer = config.store().turnWriter(new TurnLock.Lease(threadId, 0));
        for (ThreadMessage message : unanswered) {
            ThreadMessage stopped = ThreadMessage.assistant(Stamps.newId(), "", now(), message.id(), true, null,
                    message.channel());
            gate.whenWritten(() -> writer.appendReply(stopped, ChatMemories.NONE), (event, failure) -> {
                if (failure != null) {
                    log.warn("could not close an interrupted turn of thread {}", threadId, failure);
                    return;
                }
                state.stored(event);
                publisher.publish(event);
            });
        }
    }

    private void announceFailure(Turn failed, ErrorCode code, String message) {
        publisher.publish(new TurnFailed(failed.userMessage.id(), failed.userMessage.clientMessageId(), code, message));
        failed.report(EngineObserver.TurnOutcome.FAILED);
        running.ended(failed);
    }

    /**
     * Starts a write of the turn's outcome in the turn's trace, whose span ends when the write does (on a thread of
     * the store). Untraced, the write is started as it is: tracing off costs nothing.
     */
    private <T> CompletableFuture<T> traced(Turn turn, String operation, Supplier<CompletableFuture<T>> write) {
        if (config.tracer() == EngineTracer.NONE) {
            return write.get();
        }
        EngineTracer.WriteSpan span = turn.span().storeWrite(operation);
        CompletableFuture<T> started;
        try {
            started = write.get();
        } catch (RuntimeException e) {
            span.ended(e);
            throw e;
        }
        started.whenComplete((result, failure) -> span.ended(failure));
        return started;
    }
}
