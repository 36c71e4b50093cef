package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import dev.agentbuilder.chat.core.spi.ThreadStore.UserMessageAppend;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat thread held in memory while it has members (and for the grace period after): its members, the user
 * messages waiting for a reply, and the running turn.
 *
 * <p>A conversation does not wait for its writes. A user message's turn starts while the message is being stored,
 * so the model call is under way by the time the store has it. What the turn does that others could see (its
 * events, its writes) is held back until then, and a message that turns out not stored (a failure, a resend) takes
 * its turn with it, undone. A turn's writes follow one another without waiting, so a draft change and the reply after
 * it can share one commit; each stored event is published once its write completes.
 *
 * <p>Confined to {@link #executor}: every method but {@link #execute} runs there. The one exception is
 * {@link #attached}, which the registry changes only inside the sessions map's compute for this thread's key.
 */
final class ThreadSession {

    private static final Logger log = LoggerFactory.getLogger(ThreadSession.class);
    private static final Duration LOCK_RETRY = Duration.ofMillis(100);

    final String threadId;
    final SessionRegistry registry;
    final EngineConfig config;
    final AtomicInteger attached = new AtomicInteger();
    private final SerialExecutor executor;

    private boolean loaded;
    private boolean closed;
    private boolean draining;
    private String owner;
    private AgentDraft draft;
    private long lastSeq;
    private ChatMemory memory;
    private ThreadBus.Subscription subscription;
    private final List<Member> members = new ArrayList<>();
    private final ArrayDeque<ThreadMessage> pending = new ArrayDeque<>();
    /** Ids of the user messages written but not yet acknowledged by the store. */
    private final Set<String> storing = new HashSet<>();
    /** What the running turn did while its user message was being stored, to do once it is. */
    private final List<Runnable> held = new ArrayList<>();
    /** The newest draft the store acknowledged; {@link #draft} may be ahead of it by writes under way. */
    private AgentDraft storedDraft;
    private Turn turn;
    /** The turn lease the running turn holds; null when no turn runs. */
    private TurnLock.Lease lease;
    private TurnState announced = TurnState.IDLE;
    private CompletableFuture<Void> idle;

    ThreadSession(String threadId, SessionRegistry registry) {
        this.threadId = threadId;
        this.registry = registry;
        this.config = registry.config();
        this.executor = new SerialExecutor(registry.pool(), registry.urgentPool());
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} before this session's waiting work, without queueing behind other sessions. */
    void executeUrgent(Runnable task) {
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
        if (!owner.equals(member.userId())) {
            member.refuse(ErrorCode.FORBIDDEN, "This thread belongs to another user.");
            return;
        }
        boolean reset = clientLastSeq > lastSeq;
        long from = reset ? 0 : clientLastSeq;
        List<StoredEvent> firstPage;
        try {
            // Nothing to read when the client is up to date (a new thread, a reconnect that missed nothing): a store
            // read per join is much of a connect storm's cost. Events stored meanwhile reach it by fan-out.
            firstPage = from >= lastSeq ? List.of() : history(from, config.replayPageEvents());
        } catch (ChatException e) {
            log.warn("could not read the history of thread {}", threadId, e);
            member.refuse(ErrorCode.INTERNAL, "The thread history could not be read. Please try again.");
            return;
        }
        member.ready(new ThreadSnapshot(threadId, member.userId(), lastSeq, draft, status(), reset));
        member.lastDelivered = from;
        member.replaying = true;
        members.add(member);
        new Replay(this, member).send(firstPage);
        startNextTurn();
    }

    /** At most {@code limit} stored events after {@code afterSeq}, for a replay. */
    List<StoredEvent> history(long afterSeq, int limit) {
        List<StoredEvent> page = store().eventsAfter(threadId, afterSeq, limit);
        if (!page.isEmpty()) {
            noteSeq(page.get(page.size() - 1).seq());
        }
        return page;
    }

    /**
     * The member's replay has caught up: from now on it gets live events. If status changes went by meanwhile, it is
     * told the last of them, unless that is what it was told already.
     */
    void replayed(Member member) {
        member.replaying = false;
        TurnState missed = member.missedStatus;
        member.missedStatus = null;
        if (missed != null && missed != member.toldStatus) {
            member.deliver(new StatusChanged(missed));
        }
    }

    void remove(Member member) {
        members.remove(member);
    }

    // ---- user requests

    void submit(Member member, String content, String clientMessageId) {
        if (!members.contains(member)) {
            return;
        }
        Optional<SubmitResult.Rejected> invalid = MessageRules.check(content, clientMessageId, config.maxMessageChars());
        if (invalid.isPresent()) {
            member.reply(invalid.get());
            return;
        }
        // A resend is acknowledged without a turn (even when busy): its turn would call the model for nothing.
        Optional<MessageAdded> original;
        try {
            original = clientMessageId == null ? Optional.empty() : store().findUserMessage(threadId, clientMessageId);
        } catch (ChatException e) {
            log.warn("could not look up a message in thread {}", threadId, e);
            member.reply(notStored(clientMessageId));
            return;
        }
        if (original.isPresent()) {
            member.reply(accepted(clientMessageId, original.get(), true));
            return;
        }
        if (pending.size() >= config.maxQueuedTurns() && (turn != null || !pending.isEmpty())) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.BUSY, "The builder is still working on "
                    + (pending.size() + 1) + " earlier message(s). Send this again when it is idle."));
            return;
        }
        ThreadMessage message = ThreadMessage.user(newId(), content, now(), member.userId(), clientMessageId);
        storing.add(message.id());
        pending.add(message);
        whenWritten(() -> store().appendUserMessage(threadId, message), true,
                (append, failure) -> userMessageWritten(member, message, append, failure));
        // Not here: this may be the urgent lane, and starting a turn calls the model, which can take a while.
        execute(this::startNextTurn);
    }

    private void userMessageWritten(Member member, ThreadMessage message, UserMessageAppend append, Throwable failure) {
        storing.remove(message.id());
        if (failure != null) {
            log.warn("could not store a message in thread {}", threadId, failure);
            member.reply(notStored(message.clientMessageId()));
            forget(message);
            return;
        }
        member.reply(accepted(message.clientMessageId(), append.event(), append.duplicate()));
        if (append.duplicate()) {
            // Resent while the original was being stored: the original's turn answers it.
            forget(message);
            return;
        }
        noteSeq(append.event().seq());
        publish(append.event());
        if (turn != null && turn.userMessage == message) {
            List<Runnable> effects = List.copyOf(held);
            held.clear();
            effects.forEach(Runnable::run);
        }
    }

    /** Drops a user message the store did not take, and undoes its turn if that has started. */
    private void forget(ThreadMessage message) {
        if (pending.remove(message) || turn == null || turn.userMessage != message) {
            return;
        }
        Turn undone = turn;
        held.clear();
        undone.abandon();
        memory.set(undone.memoryBefore());
        draft = undone.draftBefore();
        endTurn(undone);
    }

    private static SubmitResult.Rejected notStored(String clientMessageId) {
        return new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                "Your message could not be stored. Please send it again.");
    }

    void cancel(Member member) {
        if (members.contains(member) && turn != null) {
            turn.cancel();
        }
    }

    // ---- turns

    private void startNextTurn() {
        if (turn != null || pending.isEmpty() || draining || closed) {
            return;
        }
        Optional<TurnLock.Lease> acquired;
        try {
            acquired = config.turnLock().tryAcquire(threadId);
        } catch (ChatException e) {
            log.warn("could not take the turn lease of thread {}", threadId, e);
            acquired = Optional.empty();
        }
        if (acquired.isEmpty()) {
            registry.schedule(() -> execute(this::startNextTurn), LOCK_RETRY);
            return;
        }
        lease = acquired.get();
        turn = new Turn(this, pending.poll(), newId());
        announce(TurnState.THINKING);
        turn.start();
    }

    /** Runs what the running turn does that others can see, once its user message is stored. */
    private void onceStored(Runnable effect) {
        if (turn != null && storing.contains(turn.userMessage.id())) {
            held.add(effect);
        } else {
            effect.run();
        }
    }

    /**
     * Starts a write and runs {@code then} on this session's executor once it completes: at once if it has. A store
     * that throws instead of returning a failed future fails the write just the same.
     */
    private <T> void whenWritten(Supplier<CompletableFuture<T>> start, BiConsumer<T, Throwable> then) {
        whenWritten(start, false, then);
    }

    /** As above; an urgent continuation (a user message's ack) does not queue behind this session's other work. */
    private <T> void whenWritten(Supplier<CompletableFuture<T>> start, boolean urgent, BiConsumer<T, Throwable> then) {
        CompletableFuture<T> write;
        try {
            write = start.get();
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        if (!write.isDone()) {
            write.whenComplete((result, failure) -> {
                Runnable continuation = () -> then.accept(result, unwrap(failure));
                if (urgent) {
                    executeUrgent(continuation);
                } else {
                    execute(continuation);
                }
            });
            return;
        }
        T result = null;
        Throwable failure = null;
        try {
            result = write.join();
        } catch (CompletionException | CancellationException e) {
            failure = unwrap(e);
        }
        then.accept(result, failure);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    AgentDraft draft() {
        return draft;
    }

    ChatMemory memory() {
        return memory;
    }

    /**
     * Takes the successive drafts one model response made as the current draft, and stores them (one event each, one
     * write for all) without waiting; each event is published once stored. If the write fails, so does the turn.
     */
    void applyDrafts(Turn by, List<AgentDraft> changes) {
        if (changes.isEmpty()) {
            return;
        }
        draft = changes.get(changes.size() - 1);
        long fence = lease.token();
        onceStored(() -> whenWritten(() -> store().appendDrafts(threadId, changes, fence), (events, failure) -> {
            if (failure instanceof ThreadStore.FencedOut) {
                fencedOut(by);
                return;
            }
            if (failure != null) {
                log.warn("could not store the draft changes in thread {}", threadId, failure);
                draft = storedDraft;
                by.storeFailed();
                return;
            }
            for (AgentUpdated event : events) {
                noteSeq(event.seq());
                noteStoredDraft(event.agent());
                publish(event);
            }
        }));
    }

    /** Publishes an event of the running turn, once its user message is stored. */
    void publishForTurn(ThreadEvent event) {
        onceStored(() -> publish(event));
    }

    private void publish(ThreadEvent event) {
        config.bus().publish(threadId, event);
    }

    /** Stores the reply; the turn ends once it is stored. */
    void turnFinished(Turn finished, ThreadMessage reply) {
        long fence = lease.token();
        onceStored(() -> whenWritten(() -> store().appendAssistantMessage(threadId, reply, fence), (event, failure) -> {
            if (failure instanceof ThreadStore.FencedOut) {
                fencedOut(finished);
                return;
            }
            if (failure != null) {
                log.warn("could not store the reply in thread {}", threadId, failure);
                publish(new TurnFailed(finished.userMessage.id(), finished.userMessage.clientMessageId(),
                        ErrorCode.INTERNAL, "The reply could not be stored. Please send your message again."));
            } else {
                noteSeq(event.seq());
                publish(event);
            }
            endTurn(finished);
        }));
    }

    void turnFailed(Turn failed, ErrorCode code, String message) {
        onceStored(() -> {
            // Not waited for: a lost mark only means the turn is run again when the thread is next loaded.
            long fence = lease.token();
            whenWritten(() -> store().markTurnFailed(threadId, failed.userMessage.id(), fence), (none, failure) -> {
                if (failure != null) {
                    log.warn("could not record the failed turn in thread {}", threadId, failure);
                }
            });
            publish(new TurnFailed(failed.userMessage.id(), failed.userMessage.clientMessageId(), code, message));
            endTurn(failed);
        });
    }

    /**
     * Another node took the thread's turn lease while this turn ran (this node was paused, or cut off, past the
     * lease): the store refused the turn's write. The turn stops without a word (the new holder answers the message)
     * and the lease is not given back: it is not this node's any more.
     */
    private void fencedOut(Turn turn) {
        log.warn("thread {}: the turn lease was taken over by another node; this node's turn stops", threadId);
        turn.abandon();
        lease = null;
        if (this.turn == turn) {
            this.turn = null;
        }
        // The new holder answers every message still unanswered in the store, these included.
        pending.clear();
        announced = TurnState.IDLE;
    }

    private void endTurn(Turn ended) {
        if (turn != ended) {
            return;
        }
        turn = null;
        TurnLock.Lease held = lease;
        lease = null;
        try {
            config.turnLock().release(held);
        } catch (ChatException e) {
            // It expires by itself.
            log.warn("could not give back the turn lease of thread {}", threadId, e);
        }
        startNextTurn();
        if (turn == null) {
            announce(TurnState.IDLE);
            if (idle != null) {
                idle.complete(null);
            }
            if (attached.get() == 0) {
                registry.scheduleRetire(this);
            }
        }
    }

    private void announce(TurnState state) {
        onceStored(() -> {
            if (announced != state) {
                announced = state;
                publish(new StatusChanged(state));
            }
        });
    }

    private TurnState status() {
        return turn == null ? TurnState.IDLE : TurnState.THINKING;
    }

    // ---- fan-out

    private void fanOut(ThreadEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof StoredEvent stored) {
            noteSeq(stored.seq());
            if (stored instanceof AgentUpdated updated) {
                noteStoredDraft(updated.agent());
            }
        }
        for (Member member : List.copyOf(members)) {
            if (!member.replaying) {
                deliverInOrder(member, event);
            } else if (event instanceof StatusChanged status) {
                // A replaying member gets a stored event in its replay (it was stored before it was published); a
                // live one would come too early, but it is told the last status it missed once the replay ends.
                member.missedStatus = status.state();
            }
        }
    }

    /** Delivers a stored event once, after any the member is missing (possible only with a bus across nodes). */
    private void deliverInOrder(Member member, ThreadEvent event) {
        if (event instanceof StoredEvent stored) {
            if (stored.seq() <= member.lastDelivered) {
                return;
            }
            long gap = stored.seq() - member.lastDelivered - 1;
            if (gap > 0) {
                try {
                    for (StoredEvent missing : store().eventsAfter(threadId, member.lastDelivered,
                            (int) Math.min(gap, Integer.MAX_VALUE))) {
                        if (missing.seq() >= stored.seq()) {
                            break;
                        }
                        member.deliver(missing);
                    }
                } catch (ChatException e) {
                    log.warn("could not read missing events of thread {}", threadId, e);
                }
            }
        }
        member.deliver(event);
    }

    // ---- life cycle

    private boolean ensureLoaded(String userId) {
        if (loaded) {
            return true;
        }
        try {
            StoredThread stored = store().openThread(threadId, userId);
            owner = stored.ownerUserId();
            draft = stored.draft();
            storedDraft = draft;
            lastSeq = stored.lastSeq();
            memory = MessageWindowChatMemory.builder()
                    .id(threadId)
                    .maxMessages(config.memoryMessages())
                    .chatMemoryStore(new SessionMemoryStore(store().chatMemoryStore()))
                    .build();
            subscription = config.bus().subscribe(threadId, event -> execute(() -> fanOut(event)));
            loaded = true;
        } catch (ChatException e) {
            log.warn("could not load thread {}", threadId, e);
            return false;
        }
        try {
            if (lastSeq > 0) {
                // A thread with no events has no interrupted turns: a new conversation costs no read for them.
                recoverInterruptedTurns();
            }
        } catch (ChatException e) {
            log.warn("could not recover the interrupted turns of thread {}", threadId, e);
        }
        return true;
    }


    /**
     * User messages stored without an answer are turns a crash or a shutdown interrupted: answer them now, in order,
     * or (when configured not to) close each with an empty stopped reply that clients can see.
     */
    private void recoverInterruptedTurns() {
        List<ThreadMessage> unanswered = store().unansweredUserMessages(threadId);
        if (unanswered.isEmpty()) {
            return;
        }
        log.info("thread {}: {} interrupted turn(s) to {}", threadId, unanswered.size(),
                config.answerInterruptedTurns() ? "answer" : "mark as stopped");
        if (config.answerInterruptedTurns()) {
            pending.addAll(unanswered);
            return;
        }
        for (ThreadMessage message : unanswered) {
            ThreadMessage stopped = ThreadMessage.assistant(newId(), "", now(), message.id(), true, null);
            whenWritten(() -> store().appendAssistantMessage(threadId, stopped), (event, failure) -> {
                if (failure != null) {
                    log.warn("could not close an interrupted turn of thread {}", threadId, failure);
                    return;
                }
                noteSeq(event.seq());
                publish(event);
            });
        }
    }

    /** Called after the grace period: leaves memory unless members came back or work is left. */
    void retireIfUnused() {
        if (closed || attached.get() > 0 || turn != null || !pending.isEmpty()) {
            return;
        }
        if (registry.remove(this)) {
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
            memory = null;
            members.clear();
        }
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

    // ---- helpers

    /** Message times have millisecond precision, as JavaScript clients parse them. */
    Instant now() {
        return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ThreadStore store() {
        return config.store();
    }

    private void noteSeq(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /** A stored draft, from this session or (with a bus across nodes) another: the newest version wins. */
    private void noteStoredDraft(AgentDraft stored) {
        if (stored.version() > storedDraft.version()) {
            storedDraft = stored;
        }
        if (stored.version() > draft.version()) {
            draft = stored;
        }
    }

    private static SubmitResult.Accepted accepted(String clientMessageId, MessageAdded event, boolean duplicate) {
        return new SubmitResult.Accepted(clientMessageId, event.message().id(), event.seq(), duplicate);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
