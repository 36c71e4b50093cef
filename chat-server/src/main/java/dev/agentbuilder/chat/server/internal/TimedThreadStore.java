package dev.agentbuilder.chat.server.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A store whose writes are timed, from the call to their durability ({@code chat_store_write_seconds}, by outcome);
 * everything goes to the store it wraps, the fenced writes too. Thread-safe if that store is.
 */
public final class TimedThreadStore implements ThreadStore {

    private final ThreadStore store;
    private final Timer ok;
    private final Timer failed;

    public TimedThreadStore(ThreadStore store, MeterRegistry registry) {
        this.store = store;
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
    public StoredThread openThread(String threadId, String userId) {
        return store.openThread(threadId, userId);
    }

    @Override
    public StoredThread readThread(String threadId, String ownerUserId) {
        return store.readThread(threadId, ownerUserId);
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        return store.eventsAfter(threadId, afterSeq, limit);
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return store.findByClientMessageId(threadId, clientMessageId);
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        return timed(() -> store.appendUserDraft(threadId, draft, source, clientMessageId));
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        return store.draftAt(threadId, version);
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        return timed(() -> store.appendUserMessage(threadId, message));
    }

    @Override
    public CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message) {
        return timed(() -> store.appendAssistantMessage(threadId, message));
    }

    @Override
    public CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message, long fence) {
        return timed(() -> store.appendAssistantMessage(threadId, message, fence));
    }

    @Override
    public CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts) {
        return timed(() -> store.appendDrafts(threadId, drafts));
    }

    @Override
    public CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts, long fence) {
        return timed(() -> store.appendDrafts(threadId, drafts, fence));
    }

    @Override
    public CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId) {
        return timed(() -> store.markTurnFailed(threadId, userMessageId));
    }

    @Override
    public CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId, long fence) {
        return timed(() -> store.markTurnFailed(threadId, userMessageId, fence));
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return store.unansweredUserMessages(threadId);
    }

    @Override
    public void dropUnwrittenMemory(String threadId) {
        store.dropUnwrittenMemory(threadId);
    }

    @Override
    public boolean isReachable() {
        return store.isReachable();
    }

    @Override
    public ChatMemoryStore chatMemoryStore() {
        return store.chatMemoryStore();
    }

    @Override
    public void close() {
        store.close();
    }
}
