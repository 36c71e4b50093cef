package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentChanges;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadLimits;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat thread held in memory while it has members (and for the grace period after, or while it has work). This
 * class loads, catches up and retires the thread, and hands each request to its part; the parts each have one job
 * and see the session only through the narrow interfaces they need ({@link Scheduler}, {@link Publisher},
 * {@link TurnQueue.Host}, {@link DraftChanges.Host}): {@link LoadedThread} (what was loaded of the thread: owner,
 * drafts, highest seq, chat memories), {@link Members} (membership and fan-out), {@link Submissions} (user messages
 * on their way in), {@link DraftChanges} (the draft by hand), {@link TurnQueue} (the messages waiting, when the next
 * turn starts, its lease), {@link BuilderStatus} (whether the builder works, here or on another node) and
 * {@link WriteGate} (writes without waiting).
 *
 * <p>Confined to {@link #executor}: every method but those of {@link Scheduler} runs there. The one exception is
 * {@link #attached}, which the registry changes only inside the sessions map's compute for this thread's key.
 */
final class ThreadSession implements Scheduler, Publisher, TurnQueue.Host, DraftChanges.Host {

    private static final Logger log = LoggerFactory.getLogger(ThreadSession.class);
    /** Who opens a thread that a sweep found waiting: it exists, so the store creates nothing in this name. */
    private static final String NO_USER = "";

    final String threadId;
    final SessionRegistry registry;
    final EngineConfig config;
    final AtomicInteger attached = new AtomicInteger();
    private final SerialExecutor executor;
    private final LoadedThread thread;
    private final WriteGate gate;
    private final Members members;
    private final TurnQueue turns;
    private final DraftChanges draftChanges;
    private final Submissions submissions;
    private final BuilderStatus builder;
    private final CatchUp catchUp;

    private boolean closed;
    private ThreadBus.Subscription subscription;
    /** The newest turn lease token a delta of this thread was streamed under, as far as this node has seen. */
    private long newestFence;

    ThreadSession(String threadId, SessionRegistry registry) {
        this.threadId = threadId;
        this.registry = registry;
        this.config = registry.config();
        this.executor = new SerialExecutor(registry.pool(), registry.urgentPool(), threadId);
        this.thread = new LoadedThread(threadId, config);
        this.gate = new WriteGate(this);
        this.members = new Members(threadId, config, thread, this);
        this.turns = new TurnQueue(threadId, config, this, gate, thread, this, registry.turnLock(), this);
        this.submissions = new Submissions(threadId, config, this, gate, thread, this, turns);
        this.draftChanges = new DraftChanges(threadId, config.store(), this, gate, thread, this, this);
        this.builder = new BuilderStatus(threadId, config, turns);
        this.catchUp = new CatchUp(threadId, config, thread, members, this::fanOut);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return registry.schedule(() -> execute(task), delay);
    }

    @Override
    public void executeUrgent(Runnable task) {
        executor.executeUrgent(task);
    }

    // ---- membership

    void join(Member member, long clientLastSeq) {
        if (member.hasLeft()) {
            return;
        }
        if (closed || !ensureLoaded(member.userId())) {
            member.refuse(ErrorCode.INTERNAL, "The thread could not be loaded. Please try again.");
            return;
        }
        if (!thread.owner().equals(member.userId())) {
            member.refuse(ErrorCode.FORBIDDEN, "This thread belongs to another user.");
            return;
        }
        List<StoredEvent> firstPage;
        boolean reset;
        long from;
        try {
            if (clientLastSeq > thread.lastSeq() && crossesNodes()) {
                // The client saw events from another node that this one has not heard of yet.
                thread.refreshSeq();
            }
            reset = clientLastSeq > thread.lastSeq();
            from = reset ? 0 : clientLastSeq;
            // Nothing to read when the client is up to date (a new thread, a reconnect that missed nothing): a store
            // read per join is much of a connect storm's cost. Events stored meanwhile reach it by fan-out.
            firstPage = from >= thread.lastSeq() ? List.of() : thread.history(from, config.replayPageEvents());
        } catch (ChatException e) {
            log.warn("could not read the history of thread {}", threadId, e);
            member.refuse(ErrorCode.INTERNAL, "The thread history could not be read. Please try again.");
            return;
        }
        builder.refresh();
        long lastSeq = thread.lastSeq();
        AgentDraft storedDraft = thread.storedDraft();
        // The stored draft, as of lastSeq: changes being written reach the member as events once stored. Messages
        // waiting for a turn (those a crash left unanswered among them, answered right after this join) make the
        // thread thinking already: a client told idle would take them for failed turns.
        TurnState status = turns.waiting() > 0 ? TurnState.THINKING : status();
        member.ready(new ThreadSnapshot(threadId, member.userId(), lastSeq, storedDraft, status, reset,
                ThreadLimits.withMessageChars(config.maxMessageChars()).withFiles(
                        config.knowledge() == null ? 0 : config.knowledge().limits().fileBytes(),
                        config.knowledge() == null ? 0 : config.knowledge().limits().files()), quota(member)));
        members.add(member, from, firstPage);
        turns.startNext();
    }

    /** Where the member stands against the daily token budget, for its client to show; null when unknown. */
    private TokenQuota quota(Member member) {
        try {
            return config.quota(member.userId());
        } catch (ChatException e) {
            log.warn("could not read the tokens used in thread {}", threadId, e);
            return null;
        }
    }

    void remove(Member member) {
        members.remove(member);
    }

    // ---- user requests

    void submit(Member member, String content, String clientMessageId, Channel channel) {
        if (members.contains(member)) {
            submissions.submit(member, content, clientMessageId, channel);
        }
    }

    @Override
    public boolean answeredAsDuplicate(Member member, String clientMessageId, String what) {
        return submissions.answeredAsDuplicate(member, clientMessageId, what);
    }

    // ---- the draft by hand

    void updateAgent(Member member, long baseVersion, AgentChanges changes, String clientMessageId) {
        if (members.contains(member)) {
            draftChanges.update(member, baseVersion, changes, clientMessageId);
        }
    }

    void revertAgent(Member member, long version, String clientMessageId) {
        if (members.contains(member)) {
            draftChanges.revert(member, version, clientMessageId);
        }
    }

    /** Adds or removes knowledge files for their owner; {@code member} only hears the answer. */
    void changeFiles(Member member, UnaryOperator<AgentDraft> change) {
        if (closed || !ensureLoaded(member.userId())) {
            member.reply(new SubmitResult.Rejected(null, ErrorCode.INTERNAL,
                    "The thread could not be loaded. Please try again."));
        } else if (!thread.owner().equals(member.userId())) {
            member.reply(new SubmitResult.Rejected(null, ErrorCode.NOT_FOUND, "There is no such thread."));
        } else {
            draftChanges.changeFiles(member, change);
        }
    }

    void exportAgent(Member member, AgentExport.Format format) {
        if (members.contains(member)) {
            draftChanges.export(member, format);
        }
    }

    @Override
    public boolean builderBusy() {
        return builder.busy();
    }

    @Override
    public boolean draftBeingWritten() {
        return draftChanges.writing();
    }

    @Override
    public void startNextTurn() {
        turns.startNext();
    }

    void cancel(Member member) {
        if (members.contains(member)) {
            turns.cancel();
        }
    }

    @Override
    public void publish(ThreadEvent event) {
        config.bus().publish(threadId, event);
        if (event instanceof StoredEvent) {
            registry.changes().stored(threadId, thread.owner());
        }
    }

    /** What a joining member is told, waiting messages aside. */
    private TurnState status() {
        return builder.status();
    }

    // ---- fan-out

    private void fanOut(ThreadEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof StoredEvent stored) {
            thread.stored(stored);
        } else if (event instanceof AssistantDelta delta && !fromTheNewestLease(delta)) {
            return;
        } else if (event instanceof StatusChanged status) {
            builder.heard(status);
        } else if (event instanceof ThreadEvent.FileStatusChanged file) {
            thread.fileStatus(file.file());
        }
        members.fanOut(event);
    }

    /**
     * Whether a delta streamed under the newest lease seen for the thread. One from an older lease comes from a node
     * that has lost it (paused with the delta on its way out, say) while another node answers: it must reach nobody.
     */
    private boolean fromTheNewestLease(AssistantDelta delta) {
        if (delta.fence() < newestFence) {
            return false;
        }
        newestFence = delta.fence();
        return true;
    }

    /** Delivers what members may have missed ({@link CatchUp}). */
    void catchUp() {
        if (!closed && thread.loaded()) {
            catchUp.run();
        }
    }

    // ---- life cycle

    /**
     * Subscribes, then reads the thread: a subscription in place before the read misses nothing stored after it.
     * With a lease of one process, the messages a crash left unanswered are queued; with a shared one, whoever takes
     * the lease reads them.
     */
    private boolean ensureLoaded(String userId) {
        if (thread.loaded()) {
            return true;
        }
        try {
            subscription = config.bus().subscribe(threadId, event -> execute(() -> fanOut(event)));
            thread.load(userId);
            if (thread.lastSeq() == 0 && !userId.equals(NO_USER)) {
                registry.changes().opened(threadId, thread.owner());
            }
        } catch (ChatException e) {
            log.warn("could not load thread {}", threadId, e);
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
            return false;
        }
        try {
            if (thread.lastSeq() > 0 && !turns.shared()) {
                // A thread with no events has no interrupted turns: a new conversation costs no read for them.
                turns.recoverInterrupted();
            }
        } catch (ChatException e) {
            log.warn("could not recover the interrupted turns of thread {}", threadId, e);
        }
        return true;
    }

    /** A sweep found this thread waiting for a turn: load it if need be and answer it. */
    void wake() {
        if (closed || !ensureLoaded(thread.owner() != null ? thread.owner() : NO_USER)) {
            retireIfIdle();
            return;
        }
        turns.wake();
        retireIfIdle();
    }

    /** Nobody is attached and no turn runs: retire after the grace period. */
    @Override
    public void retireIfIdle() {
        if (attached.get() == 0 && !turns.hasWork()) {
            registry.scheduleRetire(this);
        }
    }

    /** Called after the grace period: leaves memory unless members came back or work is left. */
    void retireIfUnused() {
        if (closed || attached.get() > 0 || turns.hasWork()) {
            return;
        }
        if (registry.remove(this)) {
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
            thread.release();
            members.clear();
        }
    }

    /**
     * The thread was deleted: starts no more turns, stops the running one (what it streamed is stored, before the
     * deletion, which the store applies after this thread's earlier writes), then tells every member and leaves
     * memory. Completes when it has.
     */
    CompletableFuture<Void> delete() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> idle = turns.drain();
        turns.cancel();
        CompletableFuture<Void> gone = new CompletableFuture<>();
        idle.whenComplete((v, e) -> execute(() -> {
            if (!closed) {
                closed = true;
                members.refuseAll(ErrorCode.THREAD_DELETED, "This thread was deleted.");
                if (subscription != null) {
                    subscription.close();
                }
                thread.release();
                registry.forget(this);
            }
            gone.complete(null);
        }));
        return gone;
    }

    @Override
    public EngineKnowledge knowledge() {
        return registry.engineKnowledge();
    }

    @Override
    public boolean closed() {
        return closed;
    }

    /** Starts no more turns; completes when the running turn, if any, has ended. */
    CompletableFuture<Void> drain() {
        return turns.drain();
    }

    /** Stops the running turn, if any: what it streamed so far is stored as its reply, marked stopped. */
    void stopRunningTurn() {
        turns.cancel();
    }

    // ---- helpers

    private boolean crossesNodes() {
        return config.bus().crossesNodes() || turns.shared();
    }
}
