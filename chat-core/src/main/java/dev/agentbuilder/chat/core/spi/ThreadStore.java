package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where threads live: each thread's event log, its agent draft, its owner and its clientMessageIds, plus the model's
 * chat memory. The store assigns {@code seq}: per thread, from 1, strictly increasing, no gaps.
 *
 * <p>Reads block for as long as the store needs (disk, network); chat-core makes them from its workers, one at a
 * time per chat thread, never from a transport's worker. Writes never block: each returns at once with a future that
 * completes when the write is durable, or fails with a {@link dev.agentbuilder.chat.core.ChatException}. Writes of
 * one chat thread are applied in the order they were called, so a chat thread can go on working (and its writes can
 * share a commit) while a write is under way. A store may also complete a future before it returns, or throw instead
 * of returning a failed future: the engine treats both alike. Futures may complete on a thread of the store: whoever
 * waits on them must not block it.
 *
 * <p>Implementations must be safe for calls on different chat threads at once. The engine's defaults come from
 * {@link dev.agentbuilder.chat.core.ThreadStores}.
 */
public interface ThreadStore extends AutoCloseable {

    /** Loads the thread, creating it (owned by {@code userId}, with an empty draft) when it does not exist. */
    StoredThread openThread(String threadId, String userId);

    /**
     * The thread's stored events with seq greater than {@code afterSeq}, in seq order: all of them, however many.
     * The default reads them a page at a time with {@link #eventsAfter(String, long, int)}; the engine itself reads
     * only pages.
     */
    default List<StoredEvent> eventsAfter(String threadId, long afterSeq) {
        int pageSize = 1_000;
        List<StoredEvent> all = new ArrayList<>();
        long after = afterSeq;
        while (true) {
            List<StoredEvent> page = eventsAfter(threadId, after, pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /**
     * At most {@code limit} of the thread's stored events with seq greater than {@code afterSeq}, in seq order: the
     * first {@code limit} of them, or all of them when there are fewer (then none are left past them, as of the
     * read). Empty past the thread's last event.
     *
     * @throws IllegalArgumentException when {@code limit < 1}
     */
    List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit);

    /** The user message stored with this clientMessageId, if any. */
    Optional<MessageAdded> findUserMessage(String threadId, String clientMessageId);

    /**
     * Appends a user message, unless the thread already holds one with the same non-null clientMessageId: then
     * nothing is written and the original is returned with {@code duplicate = true}.
     */
    CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message);

    /** Appends an assistant message. */
    CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message);

    /**
     * Stores successive drafts, appending one {@code agent_updated} event for each, all in one write: the changes
     * one model response makes with its tool calls.
     */
    CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts);

    /**
     * Records that the turn for this user message failed, so it is not run again when the thread is loaded. Nobody
     * waits for it: a mark that is lost means the turn runs again after a restart, which is what a crash does too.
     */
    CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId);

    /**
     * The turns a crash or a shutdown interrupted, in seq order: the user messages stored after the newest one an
     * assistant reply answers ({@code replyTo}; all of them if none is answered), less those whose turn failed.
     * Turns run in seq order, so a user message before an answered one was answered or failed.
     */
    List<ThreadMessage> unansweredUserMessages(String threadId);

    /**
     * {@link #appendAssistantMessage}, made under the turn lease with {@code fence} (its token): a store shared by
     * several nodes writes it, with the chat memory, only while that is still the thread's current token (checked in
     * the same statement, which also extends the lease), and fails it with {@link FencedOut} otherwise. The default,
     * for a store of one process, ignores the fence.
     */
    default CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message,
            long fence) {
        return appendAssistantMessage(threadId, message);
    }

    /** {@link #appendDrafts}, fenced as {@link #appendAssistantMessage(String, ThreadMessage, long)} is. */
    default CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts, long fence) {
        return appendDrafts(threadId, drafts);
    }

    /** {@link #markTurnFailed}, fenced as {@link #appendAssistantMessage(String, ThreadMessage, long)} is. */
    default CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId, long fence) {
        return markTurnFailed(threadId, userMessageId);
    }

    /**
     * Whether the store answers now: a cheap round trip, for readiness probes. Blocks for at most a few seconds.
     * The default, for a store in the heap, always answers.
     */
    default boolean answers() {
        return true;
    }

    /** The langchain4j chat memory of every thread, keyed by threadId. */
    ChatMemoryStore chatMemoryStore();

    @Override
    void close();

    /**
     * A write made under a turn lease that another node has taken since: nothing was written. Not retriable: the
     * turn it belongs to must stop and publish nothing more.
     */
    final class FencedOut extends ChatException {
        public FencedOut(String threadId, long fence) {
            super("the turn lease of thread " + threadId + " with token " + fence + " was taken over", false);
        }
    }

    /** A thread as loaded: its owner, draft and highest seq. */
    record StoredThread(String threadId, String ownerUserId, AgentDraft draft, long lastSeq) {
    }

    /** The result of {@link #appendUserMessage}. */
    record UserMessageAppend(MessageAdded event, boolean duplicate) {
    }
}
