package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** What tests do to a store directly, as an engine would: read a whole history, write a turn's outcome. */
public final class StoreKit {

    private StoreKit() {
    }

    /** Every stored event of the thread after {@code afterSeq}, read a page at a time. */
    public static List<StoredEvent> allEvents(ThreadStore store, String threadId, long afterSeq) {
        int pageSize = 1_000;
        List<StoredEvent> all = new ArrayList<>();
        long after = afterSeq;
        while (true) {
            List<StoredEvent> page = store.eventsAfter(threadId, after, pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /** The leases tests took on cluster stores, by store and thread: kept, as a node keeps one while work waits. */
    private static final Map<ThreadStore, Map<String, TurnLock.Lease>> LEASES =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Makes {@code write} with the turn writer of the thread's lease, as a node's turn would: the store's own lease when
     * it is a cluster store (taken the first time, then kept, so that writes made without waiting for each other keep
     * their order), else the lease of one process.
     *
     * @throws AssertionError when another holds the thread's lease
     */
    public static <T> CompletableFuture<T> underLease(ThreadStore store, String threadId,
            Function<TurnWriter, CompletableFuture<T>> write) {
        if (store.cluster().isEmpty()) {
            return write.apply(store.turnWriter(new TurnLock.Lease(threadId, 0)));
        }
        TurnLock.Lease lease = LEASES.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).computeIfAbsent(threadId,
                id -> store.cluster().get().turnLock().tryAcquire(id)
                        .orElseThrow(() -> new AssertionError("the turn lease of thread " + id + " is held")));
        return write.apply(store.turnWriter(lease));
    }

    public static CompletableFuture<MessageAdded> appendReply(ThreadStore store, String threadId,
            ThreadMessage reply) {
        return underLease(store, threadId, writer -> writer.appendReply(reply, ChatMemories.NONE));
    }

    public static CompletableFuture<List<AgentUpdated>> appendDrafts(ThreadStore store, String threadId,
            List<AgentDraft> drafts) {
        return underLease(store, threadId, writer -> writer.appendDrafts(drafts, ChatMemories.NONE));
    }

    public static CompletableFuture<Void> markTurnFailed(ThreadStore store, String threadId, String userMessageId) {
        return underLease(store, threadId, writer -> writer.markTurnFailed(userMessageId, ChatMemories.NONE));
    }
}
