package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A turn writer that hands every write to another: a {@link ForwardingThreadStore} that times or holds back a turn's
 * writes wraps the writer of the store beneath in one of these and overrides only what it is about. The writer it wraps
 * carries the lease's fence, so the wrapper cannot lose it. Stateless itself.
 */
public abstract class ForwardingTurnWriter implements TurnWriter {

    /** The writer every write goes to. */
    protected final TurnWriter delegate;

    protected ForwardingTurnWriter(TurnWriter delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
        return delegate.appendReply(reply, memories);
    }

    @Override
    public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
        return delegate.appendDrafts(drafts, memories);
    }

    @Override
    public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
        return delegate.markTurnFailed(userMessageId, memories);
    }
}
