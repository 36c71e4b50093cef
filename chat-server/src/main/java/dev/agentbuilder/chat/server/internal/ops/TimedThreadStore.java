package dev.agentbuilder.chat.server.internal.ops;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ForwardingTurnWriter;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store whose writes are timed, from the call to their durability ({@code chat_store_write_seconds}, by outcome):
 * the user's writes here, a turn's through the wrapped store's own (fenced) writer. Everything else is forwarded.
 * Thread-safe if that store is.
 */
public final class TimedThreadStore extends ForwardingThreadStore {

    private final Timer ok;
    private final Timer failed;

    public TimedThreadStore(ThreadStore store, MeterRegistry registry) {
        super(store);
        this.ok = timer(registry, "ok");
        this.failed = timer(registry, "failed");
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("chat.store.write").description("From a store write's call to its commit, by outcome")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    private <T> CompletableFuture<T> timed(Supplier<CompletableFuture<T>> write) {
        long start = System.nanoTime();
        CompletableFuture<T> future;
        try {
            future = write.get();
        } catch (RuntimeException e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
        future.whenComplete((result, error) -> (error == null ? ok : failed)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        return future;
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        return timed(() -> delegate.appendUserMessage(threadId, message));
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        return timed(() -> delegate.appendUserDraft(threadId, draft, source, clientMessageId));
    }

    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        return new ForwardingTurnWriter(delegate.turnWriter(lease)) {
            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                return timed(() -> delegate.appendReply(reply, memories));
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                return timed(() -> delegate.appendDrafts(drafts, memories));
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return timed(() -> delegate.markTurnFailed(userMessageId, memories));
            }
        };
    }
}
