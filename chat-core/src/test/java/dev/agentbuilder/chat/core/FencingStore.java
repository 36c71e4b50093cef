package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ForwardingTurnWriter;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One node's view of a store that several nodes share through a {@link SharedLease}, as PostgreSQL is shared: a cluster
 * store whose turn writers refuse a write whose lease token is no longer the thread's current one, and write nothing
 * then. The rest goes to the store it wraps. Several engines share that store, so closing this leaves it open: the
 * test closes it. Thread-safe if that store is.
 */
public final class FencingStore extends ForwardingThreadStore {

    private final ClusterStore cluster;
    private final SharedLease lease;

    public FencingStore(ThreadStore shared, SharedLease lease, String node) {
        super(shared);
        this.lease = lease;
        this.cluster = lease.node(node, shared);
    }

    @Override
    public Optional<ClusterStore> cluster() {
        return Optional.of(cluster);
    }

    @Override
    public void close() {
        // Shared by every engine of the test.
    }

    /** Every thread with a message is one the sweep looks at, as PostgreSQL's looks at every thread. */
    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        lease.watch(threadId);
        return delegate.appendUserMessage(threadId, message);
    }

    /** As PostgreSQL's does: no change by hand while a turn holds the lease with messages waiting for it. */
    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        if (lease.holder(threadId).isPresent() && !delegate.unansweredUserMessages(threadId).isEmpty()
                && (clientMessageId == null || delegate.findByClientMessageId(threadId, clientMessageId).isEmpty())) {
            return CompletableFuture.failedFuture(new ClusterStore.TurnRunning(threadId));
        }
        return delegate.appendUserDraft(threadId, draft, source, clientMessageId);
    }

    @Override
    public TurnWriter turnWriter(TurnLock.Lease held) {
        if (held.token() < 1) {
            throw new IllegalArgumentException("not a lease of the shared store: token " + held.token());
        }
        return new ForwardingTurnWriter(delegate.turnWriter(held)) {
            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                return fenced(() -> delegate.appendReply(reply, memories));
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                return fenced(() -> delegate.appendDrafts(drafts, memories));
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return fenced(() -> delegate.markTurnFailed(userMessageId, memories));
            }

            private <T> CompletableFuture<T> fenced(Supplier<CompletableFuture<T>> write) {
                return lease.isCurrent(held.threadId(), held.token()) ? write.get()
                        : CompletableFuture.failedFuture(new ClusterStore.FencedOut(held.threadId(), held.token()));
            }
        };
    }
}
