package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The listing of a {@link JdbcThreadStore}: reads on its {@link Reads}, renames and deletions on its writer, in the
 * thread's strand, so each is ordered with the thread's other writes. Threads the store has not finished storing yet
 * ({@link JdbcThreadStore#threadsNotYetStored}) are listed as new threads meanwhile.
 *
 * <p>Stateless beyond its store; thread-safe.
 */
final class JdbcDirectory implements ThreadDirectory {

    /** Listing order: newest first, then by threadId descending. */
    private static final Comparator<ThreadInfo> LISTING = Comparator.comparing(ThreadInfo::updatedAt)
            .thenComparing(ThreadInfo::threadId).reversed();

    private final JdbcThreadStore store;

    JdbcDirectory(JdbcThreadStore store) {
        this.store = store;
    }

    @Override
    public List<ThreadInfo> threadsOf(String userId, String search, ThreadPosition after, int limit) {
        requirePositive(limit);
        String normalized = search == null ? "" : search;
        // Taken before the read: a thread stored in between is then in both, rather than in neither.
        List<ThreadInfo> pending = store.threadsNotYetStored(userId).stream()
                .filter(info -> ThreadTitles.matches(info, normalized))
                .filter(info -> after == null || LISTING.compare(info, at(after)) > 0)
                .toList();
        List<ThreadInfo> stored = store.reads.read(s -> store.listing.threadsOf(s, userId, normalized, after, limit));
        if (pending.isEmpty()) {
            return stored;
        }
        List<ThreadInfo> merged = new ArrayList<>(stored);
        Set<String> seen = new HashSet<>();
        stored.forEach(info -> seen.add(info.threadId()));
        pending.stream().filter(info -> seen.add(info.threadId())).forEach(merged::add);
        merged.sort(LISTING);
        return List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
    }

    @Override
    public Optional<ThreadInfo> thread(String threadId) {
        Optional<ThreadInfo> pending = store.threadNotYetStored(threadId);
        Optional<ThreadInfo> stored = store.reads.read(s -> store.listing.thread(s, threadId));
        return stored.isPresent() ? stored : pending;
    }

    @Override
    public CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String title) {
        return store.writer.submit(threadId, tx -> store.listing.rename(tx, threadId, title));
    }

    @Override
    public CompletableFuture<Boolean> delete(String threadId) {
        return store.writer.submit(threadId, tx -> store.deleteThread(tx, threadId));
    }

    @Override
    public List<String> idleSince(Instant before, int limit) {
        requirePositive(limit);
        return store.idleThreads(before, limit);
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            // SQLite reads a negative LIMIT as none at all.
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
    }

    /** A stand-in thread at a position, to compare listing order with. */
    private static ThreadInfo at(ThreadPosition position) {
        return new ThreadInfo(position.threadId(), "", "", position.updatedAt(), position.updatedAt(), "", 0, null, 0);
    }
}
