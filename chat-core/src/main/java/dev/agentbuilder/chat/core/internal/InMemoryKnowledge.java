package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link InMemoryThreadStore}'s knowledge files: kept in each {@link InMemoryThread}, under its monitor, so they
 * go with it when it is deleted. A store of one process: every claim succeeds.
 */
final class InMemoryKnowledge implements KnowledgeStore {

    /** A file with its bytes and, once indexed, its passages. Guarded by the monitor of the thread holding it. */
    static final class StoredFile {
        AgentFile file;
        final byte[] content;
        List<Chunk> chunks = List.of();

        StoredFile(AgentFile file, byte[] content) {
            this.file = file;
            this.content = content;
        }
    }

    private final ConcurrentHashMap<String, InMemoryThread> threads;

    InMemoryKnowledge(ConcurrentHashMap<String, InMemoryThread> threads) {
        this.threads = threads;
    }

    private <T> T locked(String threadId, T absent, Function<InMemoryThread, T> action) {
        InMemoryThread thread = threads.get(threadId);
        if (thread == null) {
            return absent;
        }
        synchronized (thread) {
            return threads.get(threadId) == thread ? action.apply(thread) : absent;
        }
    }

    @Override
    public CompletableFuture<Boolean> add(String threadId, AgentFile file, byte[] content) {
        return CompletableFuture.completedFuture(locked(threadId, false, thread -> {
            thread.files.put(file.fileId(), new StoredFile(file, content.clone()));
            return true;
        }));
    }

    @Override
    public List<AgentFile> files(String threadId) {
        return locked(threadId, List.of(), thread -> thread.files.values().stream().map(f -> f.file).toList());
    }

    @Override
    public Optional<AgentFile> file(String threadId, String fileId) {
        return locked(threadId, Optional.empty(),
                thread -> Optional.ofNullable(thread.files.get(fileId)).map(f -> f.file));
    }

    @Override
    public Optional<byte[]> content(String threadId, String fileId) {
        return locked(threadId, Optional.empty(),
                thread -> Optional.ofNullable(thread.files.get(fileId)).map(f -> f.content.clone()));
    }

    @Override
    public long bytesOfUser(String userId) {
        long total = 0;
        for (InMemoryThread thread : threads.values()) {
            if (thread.owner.equals(userId)) {
                total += locked(thread.threadId, 0L,
                        t -> t.files.values().stream().mapToLong(f -> f.file.size()).sum());
            }
        }
        return total;
    }

    @Override
    public CompletableFuture<Boolean> remove(String threadId, String fileId) {
        return CompletableFuture.completedFuture(locked(threadId, false, t -> t.files.remove(fileId) != null));
    }

    @Override
    public CompletableFuture<Boolean> indexed(String threadId, String fileId, List<Chunk> chunks) {
        return CompletableFuture.completedFuture(locked(threadId, false, thread -> {
            StoredFile stored = thread.files.get(fileId);
            if (stored == null || stored.file.status() != FileStatus.INDEXING) {
                return false;
            }
            stored.chunks = List.copyOf(chunks);
            stored.file = stored.file.withStatus(FileStatus.READY, null);
            return true;
        }));
    }

    @Override
    public CompletableFuture<Boolean> failed(String threadId, String fileId, String reason) {
        return CompletableFuture.completedFuture(locked(threadId, false, thread -> {
            StoredFile stored = thread.files.get(fileId);
            if (stored == null) {
                return false;
            }
            stored.chunks = List.of();
            stored.file = stored.file.withStatus(FileStatus.FAILED, reason);
            return true;
        }));
    }

    @Override
    public List<Chunk> chunks(String threadId, Collection<String> fileIds) {
        return locked(threadId, List.of(), thread -> {
            List<Chunk> out = new ArrayList<>();
            thread.files.values().stream()
                    .filter(f -> fileIds.contains(f.file.fileId()))
                    .forEach(f -> out.addAll(f.chunks));
            return out;
        });
    }

    @Override
    public boolean claim(String threadId, String fileId, String nodeId, Duration lease) {
        return file(threadId, fileId).map(f -> f.status() == FileStatus.INDEXING).orElse(false);
    }

    /** None: a store in the heap does not outlive its process, so no indexing is ever interrupted and resumed. */
    @Override
    public List<FileRef> unindexed(String nodeId, int limit) {
        return List.of();
    }
}
