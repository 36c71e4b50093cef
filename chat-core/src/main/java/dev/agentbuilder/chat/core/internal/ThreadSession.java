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
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat thread held in memory while it has members (and for the grace period after): its members, the user
 * messages waiting for a reply, and the running turn.
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
    private Turn turn;
    private TurnState announced = TurnState.IDLE;
    private CompletableFuture<Void> idle;

    ThreadSession(String threadId, SessionRegistry registry) {
        this.threadId = threadId;
        this.registry = registry;
        this.config = registry.config();
        this.executor = new SerialExecutor(registry.pool());
    }

    void execute(Runnable task) {
        executor.execute(task);
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
        List<StoredEvent> replay;
        try {
            replay = store().eventsAfter(threadId, from);
        } catch (ChatException e) {
            log.warn("could not read the history of thread {}", threadId, e);
            member.refuse(ErrorCode.INTERNAL, "The thread history could not be read. Please try again.");
            return;
        }
        if (!replay.isEmpty()) {
            noteSeq(replay.get(replay.size() - 1).seq());
        }
        member.ready(new ThreadSnapshot(threadId, member.userId(), lastSeq, draft, status(), reset));
        member.lastDelivered = from;
        replay.forEach(member::deliver);
        members.add(member);
        startNextTurn();
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
        try {
            if (pending.size() >= config.maxQueuedTurns() && (turn != null || !pending.isEmpty())) {
                // A resent message is acknowledged even now; the append below dedups by itself otherwise.
                Optional<MessageAdded> original = clientMessageId == null
                        ? Optional.empty()
                        : store().findUserMessage(threadId, clientMessageId);
                member.reply(original.isPresent()
                        ? accepted(clientMessageId, original.get(), true)
                        : new SubmitResult.Rejected(clientMessageId, ErrorCode.BUSY, "The builder is still working on "
                                + (pending.size() + 1) + " earlier message(s). Send this again when it is idle."));
                return;
            }
            ThreadMessage message = ThreadMessage.user(
                    newId(), content, now(), member.userId(), clientMessageId);
            UserMessageAppend append = store().appendUserMessage(threadId, message);
            member.reply(accepted(clientMessageId, append.event(), append.duplicate()));
            if (append.duplicate()) {
                return;
            }
            noteSeq(append.event().seq());
            publish(append.event());
            pending.add(append.event().message());
            startNextTurn();
        } catch (ChatException e) {
            log.warn("could not store a message in thread {}", threadId, e);
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "Your message could not be stored. Please send it again."));
        }
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
        if (!config.turnLock().tryAcquire(threadId)) {
            registry.schedule(() -> execute(this::startNextTurn), LOCK_RETRY);
            return;
        }
        turn = new Turn(this, pending.poll(), newId());
        announce(TurnState.THINKING);
        turn.start();
    }

    AgentDraft draft() {
        return draft;
    }

    ChatMemory memory() {
        return memory;
    }

    /**
     * Stores the successive drafts one model response made (one event each, one write for all) and publishes them;
     * throws {@link ChatException} when the store fails.
     */
    void applyDrafts(List<AgentDraft> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<AgentUpdated> events = store().appendDrafts(threadId, changes);
        draft = changes.get(changes.size() - 1);
        for (AgentUpdated event : events) {
            noteSeq(event.seq());
            publish(event);
        }
    }

    void publish(ThreadEvent event) {
        config.bus().publish(threadId, event);
    }

    void turnFinished(Turn finished, ThreadMessage reply) {
        try {
            MessageAdded event = store().appendAssistantMessage(threadId, reply);
            noteSeq(event.seq());
            publish(event);
        } catch (ChatException e) {
            log.warn("could not store the reply in thread {}", threadId, e);
            publish(new TurnFailed(finished.userMessage.id(), finished.userMessage.clientMessageId(),
                    ErrorCode.INTERNAL, "The reply could not be stored. Please send your message again."));
        }
        endTurn(finished);
    }

    void turnFailed(Turn failed, ErrorCode code, String message) {
        try {
            store().markTurnFailed(threadId, failed.userMessage.id());
        } catch (ChatException e) {
            log.warn("could not record the failed turn in thread {}", threadId, e);
        }
        publish(new TurnFailed(failed.userMessage.id(), failed.userMessage.clientMessageId(), code, message));
        endTurn(failed);
    }

    private void endTurn(Turn ended) {
        if (turn != ended) {
            return;
        }
        turn = null;
        config.turnLock().release(threadId);
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
        if (announced != state) {
            announced = state;
            publish(new StatusChanged(state));
        }
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
            if (stored instanceof AgentUpdated updated && updated.agent().version() > draft.version()) {
                draft = updated.agent();
            }
        }
        for (Member member : List.copyOf(members)) {
            deliverInOrder(member, event);
        }
    }

    /** Delivers a stored event once, after any the member is missing (possible only with a bus across nodes). */
    private void deliverInOrder(Member member, ThreadEvent event) {
        if (event instanceof StoredEvent stored) {
            if (stored.seq() <= member.lastDelivered) {
                return;
            }
            if (stored.seq() > member.lastDelivered + 1) {
                try {
                    for (StoredEvent missing : store().eventsAfter(threadId, member.lastDelivered)) {
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
            recoverInterruptedTurns();
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
            MessageAdded event = store().appendAssistantMessage(threadId,
                    ThreadMessage.assistant(newId(), "", now(), message.id(), true, null));
            noteSeq(event.seq());
            publish(event);
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

    private static SubmitResult.Accepted accepted(String clientMessageId, MessageAdded event, boolean duplicate) {
        return new SubmitResult.Accepted(clientMessageId, event.message().id(), event.seq(), duplicate);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
