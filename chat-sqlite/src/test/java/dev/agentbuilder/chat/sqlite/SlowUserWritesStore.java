package dev.agentbuilder.chat.sqlite;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ForwardingTurnWriter;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real store whose user-message writes take as long as the test wants: each {@code appendUserMessage} waits,
 * in call order, until the test lets it {@link #store} (written now, on the test's thread, as a store's own thread
 * would) or {@link #refuse} it (nothing written, the write fails). After {@link #refuseDrafts}, draft writes throw as
 * on a full disk. Everything else goes straight to the real store.
 *
 * <p>Thread-safe: the queue of waiting writes and a volatile switch are the only state.
 */
final class SlowUserWritesStore extends ForwardingThreadStore {

    private record Waiting(String threadId, ThreadMessage message, CompletableFuture<UserMessageAppend> done) {
    }

    private final BlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private volatile boolean refuseDrafts;

    SlowUserWritesStore(ThreadStore real) {
        super(real);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        CompletableFuture<UserMessageAppend> done = new CompletableFuture<>();
        waiting.add(new Waiting(threadId, message, done));
        return done;
    }

    /** Writes the oldest waiting user message to the real store and completes its write; returns the message. */
    ThreadMessage store() {
        Waiting next = next();
        next.done().complete(delegate.appendUserMessage(next.threadId(), next.message()).join());
        return next.message();
    }

    /** Fails the oldest waiting user-message write, as a full disk would, without writing it. */
    ThreadMessage refuse() {
        Waiting next = next();
        next.done().completeExceptionally(new ChatException("the disk is full", false));
        return next.message();
    }

    /** From now on, every draft write fails without writing anything. */
    void refuseDrafts() {
        refuseDrafts = true;
    }

    private Waiting next() {
        try {
            Waiting next = waiting.poll(ScriptedModel.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("no user message was written within " + ScriptedModel.TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        return new ForwardingTurnWriter(delegate.turnWriter(lease)) {
            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                if (refuseDrafts) {
                    // Thrown, not returned as a failed future: a store may fail either way.
                    throw new ChatException("the disk is full", false);
                }
                return delegate.appendDrafts(drafts, memories);
            }
        };
    }
}
