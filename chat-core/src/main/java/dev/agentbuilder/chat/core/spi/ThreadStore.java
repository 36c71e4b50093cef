package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where threads live: each thread's event log, its agent draft, its owner and its clientMessageIds, plus the model's
 * chat memory. The store assigns {@code seq}: per thread, from 1, strictly increasing, no gaps.
 *
 * <p>Calls block for as long as the store needs (disk, network); chat-core makes them from its own threads, one
 * thread at a time per chat thread, never from a transport thread. Implementations must be safe for calls on
 * different chat threads at once. Failures are {@link dev.agentbuilder.chat.core.ChatException}s.
 *
 * <p>The {@code ...Async} writes return at once with a future that completes when the write is durable (or fails
 * with the {@code ChatException}). Writes of one chat thread, blocking or not, are applied in the order they were
 * called. A store whose writes are slow should override them, so that a chat thread can go on working (and its
 * writes can share a commit) while a write is under way; the defaults write before they return. Futures may be
 * completed on a thread of the store: whoever waits on them must not block it.
 */
public interface ThreadStore extends AutoCloseable {

    /** Loads the thread, creating it (owned by {@code userId}, with an empty draft) when it does not exist. */
    StoredThread openThread(String threadId, String userId);

    /** The thread's stored events with seq greater than {@code afterSeq}, in seq order. */
    List<StoredEvent> eventsAfter(String threadId, long afterSeq);

    /** The user message stored with this clientMessageId, if any. */
    Optional<MessageAdded> findUserMessage(String threadId, String clientMessageId);

    /**
     * Appends a user message, unless the thread already holds one with the same non-null clientMessageId: then
     * nothing is written and the original is returned with {@code duplicate = true}.
     */
    UserMessageAppend appendUserMessage(String threadId, ThreadMessage message);

    /** {@link #appendUserMessage}, without waiting for it. */
    default CompletableFuture<UserMessageAppend> appendUserMessageAsync(String threadId, ThreadMessage message) {
        return now(() -> appendUserMessage(threadId, message));
    }

    /** Appends an assistant message. */
    MessageAdded appendAssistantMessage(String threadId, ThreadMessage message);

    /** {@link #appendAssistantMessage}, without waiting for it. */
    default CompletableFuture<MessageAdded> appendAssistantMessageAsync(String threadId, ThreadMessage message) {
        return now(() -> appendAssistantMessage(threadId, message));
    }

    /**
     * Stores successive drafts, appending one {@code agent_updated} event for each, all in one write: the changes
     * one model response makes with its tool calls.
     */
    List<AgentUpdated> appendDrafts(String threadId, List<AgentDraft> drafts);

    /** {@link #appendDrafts}, without waiting for it. */
    default CompletableFuture<List<AgentUpdated>> appendDraftsAsync(String threadId, List<AgentDraft> drafts) {
        return now(() -> appendDrafts(threadId, drafts));
    }

    /** Stores the new draft and appends its {@code agent_updated} event. */
    default AgentUpdated appendDraft(String threadId, AgentDraft draft) {
        return appendDrafts(threadId, List.of(draft)).get(0);
    }

    /**
     * The turns a crash or a shutdown interrupted, in seq order: the user messages stored after the newest one an
     * assistant reply answers ({@code replyTo}; all of them if none is answered), less those whose turn failed.
     * Turns run in seq order, so a user message before an answered one was answered or failed.
     */
    List<ThreadMessage> unansweredUserMessages(String threadId);

    /** Records that the turn for this user message failed, so it is not run again when the thread is loaded. */
    void markTurnFailed(String threadId, String userMessageId);

    /** The langchain4j chat memory of every thread, keyed by threadId. */
    ChatMemoryStore chatMemoryStore();

    @Override
    void close();

    /** A store that keeps everything in the heap until the process ends. */
    static ThreadStore inMemory() {
        return new dev.agentbuilder.chat.core.internal.InMemoryThreadStore();
    }

    /**
     * The durable store: one SQLite database, {@code chat.db}, in {@code dataDir} (created when missing). Blocks while
     * it opens and upgrades the database.
     *
     * @throws dev.agentbuilder.chat.core.ChatException naming the file, when it cannot be created, opened, read or
     *                                                  written, or is in use by another process
     */
    static ThreadStore sqlite(java.nio.file.Path dataDir) {
        return dev.agentbuilder.chat.core.internal.sqlite.SqliteThreadStore.open(dataDir, 0);
    }

    /** {@link #sqlite(java.nio.file.Path)} with a size limit: past it, writes fail as on a full disk. */
    static ThreadStore sqlite(java.nio.file.Path dataDir, long maxDatabaseBytes) {
        return dev.agentbuilder.chat.core.internal.sqlite.SqliteThreadStore.open(dataDir, maxDatabaseBytes);
    }

    private static <T> CompletableFuture<T> now(Supplier<T> write) {
        try {
            return CompletableFuture.completedFuture(write.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A thread as loaded: its owner, draft and highest seq. */
    record StoredThread(String threadId, String ownerUserId, AgentDraft draft, long lastSeq) {
    }

    /** The result of {@link #appendUserMessage}. */
    record UserMessageAppend(MessageAdded event, boolean duplicate) {
    }
}
