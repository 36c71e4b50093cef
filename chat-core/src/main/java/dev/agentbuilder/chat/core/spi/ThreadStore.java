package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.langchain4j.data.message.ChatMessage;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where threads live: each thread's event log, its agent draft, its owner and its clientMessageIds, plus the model's
 * chat memory. The store assigns {@code seq}: per thread, from 1, strictly increasing, no gaps.
 *
 * <p>Thirteen methods, each meaning the same for every store. A turn's own writes (its reply, its draft changes, the
 * mark of its failure, with the chat memory the turn changed) go through a {@link TurnWriter}, which exists only for a
 * held turn lease: a store shared by several nodes fences every one of them with the lease's token. What only such a
 * store needs (the lease itself, the sweep for threads waiting for a turn) is its {@link ClusterStore}.
 *
 * <p>Reads block for as long as the store needs (disk, network); chat-core makes them from its workers, one at a
 * time per chat thread, never from a transport's worker. Writes never block: each returns at once with a future that
 * completes when the write is durable, or fails with a {@link ChatException}. Writes of one chat thread are applied in
 * the order they were called, so a chat thread can go on working (and its writes can share a commit) while a write is
 * under way. A store may also complete a future before it returns, or throw instead of returning a failed future: the
 * engine treats both alike. Futures may complete on a thread of the store: whoever waits on them must not block it.
 *
 * <p>Implementations must be safe for calls on different chat threads at once. Decorators extend
 * {@link ForwardingThreadStore}. The engine's defaults come from {@link dev.agentbuilder.chat.core.ThreadStores}.
 */
public interface ThreadStore extends AutoCloseable {

    /**
     * Loads the thread, creating it (owned by {@code userId}, with an empty draft) when it does not exist; a thread
     * created here shows in its owner's listing ({@link #directory()}) at once.
     */
    StoredThread openThread(String threadId, String userId);

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
     * The tokens (input plus output) that the replies stored in {@code userId}'s threads used on {@code day}, a UTC
     * day: what a daily token budget counts. A deleted thread's tokens still count: they were spent.
     */
    long tokensUsed(String userId, LocalDate day);

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
     * Appends a user message, unless the thread already holds an event with the same non-null clientMessageId: then
     * nothing is written and the original is returned with {@code duplicate = true}. A thread not stored yet is
     * created, owned by the message's author.
     */
    CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message);

    /**
     * Appends a draft the user made (by hand, or by going back to an earlier version) as one {@code agent_updated}
     * event with {@code source}, keeping {@code clientMessageId} (if not null) as a user message keeps it, and makes
     * it the thread's draft. Only when the thread's stored draft is at {@code draft.version() - 1}: otherwise
     * nothing is written and the write fails with {@link VersionConflict}. A clientMessageId the thread already holds
     * is checked first: then nothing is written and the original is returned with {@code duplicate = true}. A
     * {@link ClusterStore} also fails it with {@link ClusterStore.TurnRunning} while a turn holds the thread's lease
     * with messages unanswered.
     */
    CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId);

    /**
     * The turns a crash or a shutdown interrupted, in seq order: the user messages stored after the newest one an
     * assistant reply answers ({@code replyTo}; all of them if none is answered), less those whose turn failed.
     * Turns run in seq order, so a user message before an answered one was answered or failed.
     */
    List<ThreadMessage> unansweredUserMessages(String threadId);

    /**
     * One of a thread's chat memories ({@link ChatMemories#ids}) as a turn last wrote it with its {@link TurnWriter};
     * empty when none did.
     */
    List<ChatMessage> chatMemory(String memoryId);

    /**
     * The writes of the turn that holds {@code lease} on its thread. A {@link ClusterStore} fences each of them with
     * the lease's token, in the write itself; a store of one process has no other writer to fence out.
     */
    TurnWriter turnWriter(TurnLock.Lease lease);

    /** The store's listing of threads: their metadata, a user's threads, renaming and deletion. */
    ThreadDirectory directory();

    /** The store's knowledge files: their bytes, and the passages read from them with their embeddings. */
    KnowledgeStore knowledge();

    /**
     * Whether the store can be reached now: a cheap round trip, for readiness probes. Blocks for at most a few
     * seconds. The default, for a store in the heap, always can.
     */
    default boolean isReachable() {
        return true;
    }

    /** What the store adds when several nodes share it: empty for a store of one process. */
    default Optional<ClusterStore> cluster() {
        return Optional.empty();
    }

    @Override
    void close();

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
