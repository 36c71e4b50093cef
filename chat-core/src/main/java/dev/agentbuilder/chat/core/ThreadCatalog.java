package dev.agentbuilder.chat.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's threads as their users see them in a list: a user's threads newest first, searched and paged; one
 * thread's metadata, draft and events; renaming and deleting; and live changes to a user's list, from every node.
 * Get it from {@link ChatEngine#threads()}.
 *
 * <p>Nothing here checks who asks: callers (the server's API and connections) decide who may see and change which
 * user's threads. Methods that read or write the store return at once with a future, completed on an engine worker;
 * argument checks throw {@link IllegalArgumentException} at once, with a message for people. Thread-safe.
 */
public interface ThreadCatalog {

    /** The page size when none is asked for. */
    int DEFAULT_PAGE = 20;
    /** The largest page. */
    int MAX_PAGE = 100;

    /**
     * A page of the user's threads, newest {@code updatedAt} first: the first page when {@code cursor} is null, else
     * the one after the page whose {@link ThreadPage#nextCursor()} it is. With a search text, only the threads whose
     * title or agent name holds it, ignoring case.
     *
     * @param search a search text, null or blank for all
     * @param limit  1 to {@link #MAX_PAGE}
     * @throws IllegalArgumentException for a bad userId, limit or search text, or a cursor that is malformed or was
     *                                  made for another user's list or another search
     */
    CompletableFuture<ThreadPage> list(String userId, String search, String cursor, int limit);

    /** The thread's metadata and current draft; empty when there is no such thread. */
    CompletableFuture<Optional<ThreadDetails>> details(String threadId);

    /**
     * At most {@code limit} (1 to 1,000) of the thread's stored events after {@code afterSeq}, in seq order.
     *
     * @throws IllegalArgumentException for a bad threadId, a negative afterSeq or a limit out of range
     */
    CompletableFuture<List<StoredEvent>> events(String threadId, long afterSeq, int limit);

    /**
     * Gives the thread a title of its owner's choosing, and tells every node's watchers of its owner. Empty when
     * there is no such thread, or when {@code owner} is not null and the thread belongs to someone else.
     *
     * @throws IllegalArgumentException for a title that is empty, longer than {@link ThreadTitles#MAX_TITLE_CHARS}
     *                                  characters or holds control characters
     */
    CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String owner, String title);

    /**
     * Deletes the thread and everything of it. Its running turn, on any node, stores nothing more; its connections,
     * on every node, are told ({@link ErrorCode#THREAD_DELETED}) and leave; its owner's watchers are told. The same id
     * used again starts an empty thread. Completes with whether there was such a thread (of {@code owner}, when it is
     * not null); with false, nothing was changed.
     */
    CompletableFuture<Boolean> delete(String threadId, String owner);

    /**
     * Watches the user's list: {@code watcher} hears of every thread of theirs created, updated (an event stored),
     * renamed or deleted, on any node, until the returned watch is closed.
     */
    Watch watch(String userId, ThreadWatcher watcher);

    /** A page of a user's threads. {@code nextCursor} continues it; null when no threads come after these. */
    record ThreadPage(List<ThreadInfo> threads, String nextCursor) {
        public ThreadPage {
            threads = List.copyOf(threads);
        }
    }

    /** A thread's metadata and its current draft. */
    record ThreadDetails(ThreadInfo info, AgentDraft agent) {
    }

    /**
     * Hears of changes to one user's list. Called on an engine worker, one change at a time per watch; must not
     * block.
     */
    interface ThreadWatcher {
        /**
         * The thread changed; {@code now} is its metadata as read after the change, empty once it is deleted.
         */
        void changed(ThreadChange change, Optional<ThreadInfo> now);
    }

    /** A watch of a user's list; closing it ends it. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
