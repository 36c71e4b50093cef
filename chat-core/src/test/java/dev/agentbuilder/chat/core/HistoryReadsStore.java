package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A real store that records the largest read of a thread's events the engine made, and can be told to fail every
 * read of events after the first few, as a failing disk would. Everything else goes straight to the real store.
 *
 * <p>Guarded by {@code this}: the counters, which the engine's workers change and the test reads.
 */
final class HistoryReadsStore implements ThreadStore {

    private final ThreadStore real;
    private int reads;
    private int largestRead;
    private int failAfter = Integer.MAX_VALUE;

    HistoryReadsStore(ThreadStore real) {
        this.real = real;
    }

    /** Every read of events after the first {@code reads} from now on fails. */
    synchronized void failReadsAfter(int reads) {
        failAfter = this.reads + reads;
    }

    /** The most events the engine asked for in one read. */
    synchronized int largestRead() {
        return largestRead;
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        synchronized (this) {
            reads++;
            largestRead = Math.max(largestRead, limit);
            if (reads > failAfter) {
                throw new ChatException("the disk is failing", true);
            }
        }
        return real.eventsAfter(threadId, afterSeq, limit);
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        return real.openThread(threadId, userId);
    }

    @Override
    public Optional<MessageAdded> findUserMessage(String threadId, String clientMessageId) {
        return real.findUserMessage(threadId, clientMessageId);
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
    public ChatMemoryStore chatMemoryStore() {
        return real.chatMemoryStore();
    }

    @Override
    public void close() {
        real.close();
    }
}
