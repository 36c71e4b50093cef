package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftSource;
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
     * Reads a thread this node opened before again: its draft and highest seq as stored now, which other nodes may
     * have moved on. A store shared by nodes reads it without the write that creating a thread may take; the
     * default opens it again.
     */
    default StoredThread readThread(String threadId, String ownerUserId) {
        return openThread(threadId, ownerUserId);
    }

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

    /**
     * The event stored with this clientMessageId, if any: a user message, or a change to the draft made by hand. One
     * thread's clientMessageIds are one namespace.
     */
    Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId);

    /**
     * Appends a user message, unless the thread already holds an event with the same non-null clientMessageId: then
     * nothing is written and the original is returned with {@code duplicate = true}.
     */
    CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message);

    /**
     * Appends a draft the user made (by hand, or by going back to an earlier version) as one {@code agent_updated}
     * event with {@code source}, keeping {@code clientMessageId} (if not null) as a user message keeps it, and makes
     * it the thread's draft. Only when the thread's stored draft is at {@code draft.version() - 1}: otherwise
     * nothing is written and the write fails with {@link VersionConflict}. A clientMessageId the thread already holds
     * is checked first: then nothing is written and the original is returned with {@code duplicate = true}. A store
     * shared by several nodes also fails it with {@link TurnRunning} while a turn holds the thread's lease with
     * messages unanswered.
     */
    CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId);

    /**
     * The thread's draft as it was at {@code version}: version 0 is the empty draft. Empty when the draft never had
     * that version. The default reads the thread's events a page at a time.
     */
    default Optional<AgentDraft> draftAt(String threadId, long version) {
        if (version == 0) {
            return Optional.of(AgentDraft.empty());
        }
        long after = 0;
        while (true) {
            List<StoredEvent> page = eventsAfter(threadId, after, 1_000);
            for (StoredEvent event : page) {
                if (event instanceof AgentUpdated updated && updated.agent().version() == version) {
                    return Optional.of(updated.agent());
                }
            }
            if (page.size() < 1_000) {
                return Optional.empty();
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /**
     * The memory id of the preview conversation's chat memory ({@link dev.agentbuilder.chat.core.Channel#PREVIEW});
     * the builder's is the thread id itself. A store writes a thread's dirty chat memories, both, with the thread's
     * writes. No thread id holds {@code #}, so the two never meet.
     */
    static String previewMemoryId(String threadId) {
        return threadId + "#preview";
    }

    /** The memory ids of a thread's chat memories: the builder's, then the preview's. */
    static List<String> memoryIds(String threadId) {
        return List.of(threadId, previewMemoryId(threadId));
    }

    /** Appends an assistant message. */
    CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message);

    /**
     * Stores successive drafts, appending one {@code agent_updated} event for each, all in one write: the changes
     * one model response makes with its tool calls. A thread's draft versions only rise: a store shared by several
     * nodes fails the write with {@link VersionConflict}, writing nothing, when the first draft's version is not
     * above the stored draft's (another node's change by hand came first).
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
     * This node has just taken the thread's turn lease after another node held it, or after losing it itself: chat
     * memory of the thread that this node has not written yet belongs to a turn that will never be stored, and must
     * never be written or read back. Called before the memory is read again. The default, for a store that writes
     * chat memory as it is given, has nothing to drop.
     */
    default void dropUnwrittenMemory(String threadId) {
    }

    /**
     * Whether the store can be reached now: a cheap round trip, for readiness probes. Blocks for at most a few
     * seconds. The default, for a store in the heap, always can.
     */
    default boolean isReachable() {
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

    /**
     * A draft change made on a version that is not the thread's stored draft's version, {@code currentVersion}:
     * nothing was written. Not retriable as it is: the change must be made again on the current draft.
     */
    final class VersionConflict extends ChatException {
        private final long currentVersion;

        public VersionConflict(String threadId, long currentVersion) {
            super("the draft of thread " + threadId + " is at version " + currentVersion, false);
            this.currentVersion = currentVersion;
        }

        public long currentVersion() {
            return currentVersion;
        }
    }

    /**
     * A draft change by hand refused because a turn of the thread runs, or messages wait for one, on some node (as
     * the store sees it, by its own clock): nothing was written. A store of one process never throws it: there the
     * engine knows.
     */
    final class TurnRunning extends ChatException {
        public TurnRunning(String threadId) {
            super("a turn of thread " + threadId + " is running or waiting", true);
        }
    }

    /** A thread as loaded: its owner, draft and highest seq. */
    record StoredThread(String threadId, String ownerUserId, AgentDraft draft, long lastSeq) {
    }

    /**
     * The result of {@link #appendUserMessage}: the stored message, or with {@code duplicate} the original event of
     * that clientMessageId (a message, or a draft change that used the same id).
     */
    record UserMessageAppend(StoredEvent event, boolean duplicate) {
    }

    /** The result of {@link #appendUserDraft}: the stored change, or with {@code duplicate} the original event. */
    record DraftAppend(StoredEvent event, boolean duplicate) {
    }
}
