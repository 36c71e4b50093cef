package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadPosition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store's listing of threads: each thread's metadata ({@link ThreadInfo}), a user's threads newest first, a title
 * the owner gave, and deletion. Every {@link ThreadStore} has one ({@link ThreadStore#directory()}); the store keeps
 * each thread's metadata up to date in the same transaction as the events it stores, so a listing never disagrees
 * with the thread.
 *
 * <p>Reads block, as the store's reads do; writes return futures, applied in order with the thread's other writes.
 * Implementations are safe for calls on any thread.
 */
public interface ThreadDirectory {

    /**
     * At most {@code limit} of the user's threads, in listing order ({@link ThreadPosition}: newest {@code updatedAt}
     * first), those strictly after {@code after} when it is not null, and only those whose title or agent name holds
     * {@code search} when it is not empty. {@code search} is already lower case ({@link
     * dev.agentbuilder.chat.core.ThreadTitles#normalizeSearch}); the comparison ignores case.
     *
     * @throws IllegalArgumentException when {@code limit < 1}
     */
    List<ThreadInfo> threadsOf(String userId, String search, ThreadPosition after, int limit);

    /** The thread's metadata; empty when no such thread is stored. */
    Optional<ThreadInfo> thread(String threadId);

    /**
     * Gives the thread the title its owner chose ({@link dev.agentbuilder.chat.core.ThreadTitles#refusal} already
     * passed). Completes with the thread's metadata after the change; empty when no such thread is stored.
     */
    CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String title);

    /**
     * Deletes everything of the thread: its events, drafts, failed turns, both chat memories and its metadata.
     * Applied after the thread's writes called before it; a write of a turn that was running meanwhile, called
     * later, stores nothing (a store shared by nodes fences it out, whatever node runs it). Completes with whether
     * there was anything to delete; true or false, nothing of the thread is left afterwards.
     */
    CompletableFuture<Boolean> delete(String threadId);

    /**
     * At most {@code limit} threads whose last event (or creation) is older than {@code before}, oldest first: those
     * a retention period deletes. A store shared by nodes answers only one node at a time and the others an empty
     * list, so that nodes do not delete the same threads together.
     */
    List<String> idleSince(Instant before, int limit);
}
