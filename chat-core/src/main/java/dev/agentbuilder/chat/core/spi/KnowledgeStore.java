package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.AgentFile;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store's knowledge files: each thread's uploaded files (their bytes and metadata), and the passages read from them
 * with their embeddings. Every {@link ThreadStore} has one ({@link ThreadStore#knowledge()}). A thread's files go
 * with it: {@link ThreadDirectory#delete} deletes them, their bytes and their passages too.
 *
 * <p>Reads block, as the store's reads do; writes return futures that complete when the write is durable. Safe for
 * calls on any thread.
 */
public interface KnowledgeStore {

    /**
     * Stores a new file of an existing thread, with status {@link dev.agentbuilder.chat.core.FileStatus#INDEXING} and
     * no passages. Completes with false, storing nothing, when there is no such thread.
     */
    CompletableFuture<Boolean> add(String threadId, AgentFile file, byte[] content);

    /** The thread's files, oldest first; empty for an unknown thread. */
    List<AgentFile> files(String threadId);

    /** One file of the thread. */
    Optional<AgentFile> file(String threadId, String fileId);

    /** A file's bytes, as uploaded. */
    Optional<byte[]> content(String threadId, String fileId);

    /** How many bytes of files the user's threads hold, all together. */
    long bytesOfUser(String userId);

    /** Deletes the file, its bytes and its passages. Completes with whether there was such a file. */
    CompletableFuture<Boolean> remove(String threadId, String fileId);

    /**
     * Stores the file's passages and marks it ready, in one transaction. Completes with false, storing nothing, when
     * the file is gone (removed, or its thread deleted) or no longer indexing.
     */
    CompletableFuture<Boolean> indexed(String threadId, String fileId, List<Chunk> chunks);

    /** Marks the file failed, with a reason for people. Completes with false when the file is gone. */
    CompletableFuture<Boolean> failed(String threadId, String fileId, String reason);

    /** The passages of these files of the thread, with their embeddings, in file and passage order. */
    List<Chunk> chunks(String threadId, Collection<String> fileIds);

    /**
     * Takes the indexing of a file for {@code lease}, so that nodes sharing the store index each file once. True when
     * the file is still indexing and nobody else holds it (or their claim expired); a store of one process may always
     * say true.
     */
    boolean claim(String threadId, String fileId, String nodeId, Duration lease);

    /**
     * At most {@code limit} files still indexing whose claim expired, was never made, or is {@code nodeId}'s: those a
     * crash interrupted, for a node to index after its restart (its own at once, a dead node's once its claim ran
     * out).
     */
    List<FileRef> unindexed(String nodeId, int limit);

    /**
     * A passage of a knowledge file with its embedding.
     *
     * @param fileId  the file
     * @param index   its place among the file's passages, from 0
     * @param text    the passage
     * @param start   where it starts in the file's text, in characters
     * @param end     where it ends, exclusive
     * @param vector  its embedding, normalised to length 1
     */
    record Chunk(String fileId, int index, String text, int start, int end, float[] vector) {
        public Chunk {
            java.util.Objects.requireNonNull(fileId, "fileId");
            java.util.Objects.requireNonNull(text, "text");
            java.util.Objects.requireNonNull(vector, "vector");
        }
    }

    /** A file of a thread, by its ids. */
    record FileRef(String threadId, String fileId) {
    }
}
