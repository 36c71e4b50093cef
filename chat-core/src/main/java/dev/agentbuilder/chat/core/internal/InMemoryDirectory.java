package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import dev.langchain4j.data.message.ChatMessage;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listing of the {@link InMemoryThreadStore}: it scans every thread, which is right for the tests and demos that
 * keep threads in the heap. Thread-safe, as the store is.
 */
final class InMemoryDirectory implements ThreadDirectory {

    /** Listing order: newest first, then by threadId descending. */
    static final Comparator<ThreadInfo> LISTING = Comparator.comparing(ThreadInfo::updatedAt)
            .thenComparing(ThreadInfo::threadId).reversed();

    private final ConcurrentHashMap<String, InMemoryThread> threads;
    private final ConcurrentHashMap<String, List<ChatMessage>> chatMemory;

    InMemoryDirectory(ConcurrentHashMap<String, InMemoryThread> threads,
            ConcurrentHashMap<String, List<ChatMessage>> chatMemory) {
        this.threads = threads;
        this.chatMemory = chatMemory;
    }

    @Override
    public List<ThreadInfo> threadsOf(String userId, String search, ThreadPosition after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        String normalized = search == null ? "" : search;
        return threads.values().stream()
                .filter(t -> t.owner.equals(userId))
                .map(InMemoryDirectory::info)
                .filter(info -> ThreadTitles.matches(info, normalized))
                .filter(info -> after == null || LISTING.compare(info, at(after)) > 0)
                .sorted(LISTING)
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<ThreadInfo> thread(String threadId) {
        return Optional.ofNullable(threads.get(threadId)).map(InMemoryDirectory::info);
    }

    @Override
    public CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String title) {
        InMemoryThread thread = threads.get(threadId);
        if (thread == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        synchronized (thread) {
            if (threads.get(threadId) != thread) {
                // Deleted meanwhile.
                return CompletableFuture.completedFuture(Optional.empty());
            }
            thread.ownTitle = title;
            return CompletableFuture.completedFuture(Optional.of(thread.info()));
        }
    }

    /**
     * Under the thread's monitor, which each write to it holds: a write either comes before (and is deleted with the
     * rest) or finds the thread deleted. The chat memories go before the map entry, so that a thread opened again
     * under the same id never loses a memory it wrote to this deletion.
     */
    @Override
    public CompletableFuture<Boolean> delete(String threadId) {
        InMemoryThread thread = threads.get(threadId);
        if (thread == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (thread) {
            thread.markDeleted();
            ChatMemories.ids(threadId).forEach(chatMemory::remove);
            return CompletableFuture.completedFuture(threads.remove(threadId, thread));
        }
    }

    @Override
    public List<String> idleSince(Instant before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return threads.values().stream()
                .map(InMemoryDirectory::info)
                .filter(info -> info.updatedAt().isBefore(before))
                .sorted(LISTING.reversed())
                .limit(limit)
                .map(ThreadInfo::threadId)
                .toList();
    }

    private static ThreadInfo info(InMemoryThread thread) {
        synchronized (thread) {
            return thread.info();
        }
    }

    /** A stand-in thread at a position, to compare listing order with. */
    private static ThreadInfo at(ThreadPosition position) {
        return new ThreadInfo(position.threadId(), "", "", position.updatedAt(), position.updatedAt(), "", 0, null, 0);
    }
}
