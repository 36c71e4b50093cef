package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A store that refuses a turn's writes whose lease token is no longer the thread's current one, as PostgreSQL does in
 * the write's own statement; the rest goes to the store it wraps. Several engines share it, so closing it leaves the
 * wrapped store open: the test closes that. Thread-safe if that store is.
 */
public final class FencingStore extends ForwardingThreadStore {

    private final SharedLease lease;

    public FencingStore(ThreadStore real, SharedLease lease) {
        super(real);
        this.lease = lease;
    }

    @Override
    public void close() {
        // Shared by every engine of the test.
    }

    @Override
    public CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message, long fence) {
        return lease.isCurrent(threadId, fence) ? real.appendAssistantMessage(threadId, message)
                : CompletableFuture.failedFuture(new FencedOut(threadId, fence));
    }

    @Override
    public CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts, long fence) {
        return lease.isCurrent(threadId, fence) ? real.appendDrafts(threadId, drafts)
                : CompletableFuture.failedFuture(new FencedOut(threadId, fence));
    }

    @Override
    public CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId, long fence) {
        return lease.isCurrent(threadId, fence) ? real.markTurnFailed(threadId, userMessageId)
                : CompletableFuture.failedFuture(new FencedOut(threadId, fence));
    }
}
