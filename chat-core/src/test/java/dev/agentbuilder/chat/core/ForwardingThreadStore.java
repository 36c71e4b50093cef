package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that hands every call to a real one: test stores extend it and change only the calls they are about.
 * Stateless itself. The fenced writes are not forwarded: ThreadStore's defaults send them to the unfenced ones here,
 * which a test overrides to slow or fail a write. A test of fencing uses {@link FencingStore}.
 */
public abstract class ForwardingThreadStore implements ThreadStore {

    protected final ThreadStore real;

    protected ForwardingThreadStore(ThreadStore real) {
        this.real = real;
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        return real.openThread(threadId, userId);
    }

    @Override
    public StoredThread readThread(String threadId, String ownerUserId) {
        return real.readThread(threadId, ownerUserId);
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        return real.eventsAfter(threadId, afterSeq, limit);
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return real.findByClientMessageId(threadId, clientMessageId);
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        return real.appendUserDraft(threadId, draft, source, clientMessageId);
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        return real.draftAt(threadId, version);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        return real.appendUserMessage(threadId, message);
    }

    @Override
    public CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message) {
        return real.appendAssistantMessage(threadId, message);
    }

    @Override
    public CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts) {
        return real.appendDrafts(threadId, drafts);
    }

    @Override
    public CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId) {
        return real.markTurnFailed(threadId, userMessageId);
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return real.unansweredUserMessages(threadId);
    }

    @Override
    public void dropUnwrittenMemory(String threadId) {
        real.dropUnwrittenMemory(threadId);
    }

    @Override
    public ChatMemoryStore chatMemoryStore() {
        return real.chatMemoryStore();
    }

    @Override
    public void close() {
        real.close();
    }
}
