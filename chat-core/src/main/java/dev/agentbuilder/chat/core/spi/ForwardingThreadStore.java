package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.langchain4j.data.message.ChatMessage;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that hands every call to another: decorators (timing, tests that slow or fail a write) extend it and
 * override only what they are about. Every method of {@link ThreadStore} is forwarded here, so a decorator has nothing
 * to remember to stay correct: a turn's writes go through the wrapped store's {@link TurnWriter}, fenced as that store
 * fences them, and its {@link ClusterStore} is the wrapped store's. Stateless itself.
 */
public abstract class ForwardingThreadStore implements ThreadStore {

    /** The store every call goes to. */
    protected final ThreadStore delegate;

    protected ForwardingThreadStore(ThreadStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        return delegate.openThread(threadId, userId);
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        return delegate.eventsAfter(threadId, afterSeq, limit);
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return delegate.findByClientMessageId(threadId, clientMessageId);
    }

    @Override
    public long tokensUsed(String userId, LocalDate day) {
        return delegate.tokensUsed(userId, day);
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        return delegate.draftAt(threadId, version);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        return delegate.appendUserMessage(threadId, message);
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        return delegate.appendUserDraft(threadId, draft, source, clientMessageId);
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return delegate.unansweredUserMessages(threadId);
    }

    @Override
    public List<ChatMessage> chatMemory(String memoryId) {
        return delegate.chatMemory(memoryId);
    }

    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        return delegate.turnWriter(lease);
    }

    @Override
    public ThreadDirectory directory() {
        return delegate.directory();
    }

    @Override
    public KnowledgeStore knowledge() {
        return delegate.knowledge();
    }

    @Override
    public boolean isReachable() {
        return delegate.isReachable();
    }

    @Override
    public Optional<ClusterStore> cluster() {
        return delegate.cluster();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
