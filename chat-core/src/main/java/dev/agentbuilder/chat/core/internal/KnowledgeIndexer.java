package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.PassageRanking;
import dev.agentbuilder.chat.core.ThreadEvent.FileStatusChanged;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.Passage;
import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.FileRef;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes knowledge files: reads a stored file's passages, embeds them and stores them beside it, then tells the
 * thread's members on every node ({@link FileStatusChanged}). Each file is claimed first, so that nodes sharing a
 * store index it once; a claim lasts {@link #LEASE} and is renewed between batches. Files a crash left indexing are
 * found by a sweep every {@link #SWEEP}, once their claim has run out, and indexed again.
 *
 * <p>All of it runs on its own single thread ({@code chat-knowledge}), one file at a time: never on a connection's
 * thread nor on a chat thread's executor.
 */
final class KnowledgeIndexer {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeIndexer.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration SWEEP = Duration.ofSeconds(10);
    private static final int BATCH = 32;

    private final KnowledgeStore store;
    private final DocumentReader reader;
    private final EmbeddingModel embeddings;
    private final ThreadBus bus;
    private final String nodeId;
    private final ScheduledExecutorService thread;

    KnowledgeIndexer(KnowledgeStore store, DocumentReader reader, EmbeddingModel embeddings, ThreadBus bus,
            String nodeId, ScheduledExecutorService thread) {
        this.store = store;
        this.reader = reader;
        this.embeddings = embeddings;
        this.bus = bus;
        this.nodeId = nodeId;
        this.thread = thread;
    }

    /** Starts the sweep for files left indexing, at once and then every {@link #SWEEP}. */
    void start() {
        thread.scheduleWithFixedDelay(this::sweep, 0, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Indexes the file, after those already waiting. */
    void index(String threadId, String fileId) {
        try {
            thread.execute(() -> indexNow(new FileRef(threadId, fileId)));
        } catch (RejectedExecutionException e) {
            // Shutting down: the sweep of the next start finds it.
        }
    }

    private void sweep() {
        try {
            for (FileRef ref : store.unindexed(50)) {
                indexNow(ref);
            }
        } catch (RuntimeException e) {
            log.warn("could not look for knowledge files to index", e);
        }
    }

    private void indexNow(FileRef ref) {
        try {
            if (!store.claim(ref.threadId(), ref.fileId(), nodeId, LEASE)) {
                return;
            }
            Optional<AgentFile> file = store.file(ref.threadId(), ref.fileId());
            Optional<byte[]> content = store.content(ref.threadId(), ref.fileId());
            if (file.isEmpty() || content.isEmpty() || file.get().status() != FileStatus.INDEXING) {
                return;
            }
            long started = System.nanoTime();
            List<Chunk> chunks = chunks(ref, file.get(), content.get());
            if (store.indexed(ref.threadId(), ref.fileId(), chunks).join()) {
                log.info("indexed a knowledge file of thread {}: {} passages in {} ms", ref.threadId(),
                        chunks.size(), (System.nanoTime() - started) / 1_000_000);
                bus.publish(ref.threadId(), new FileStatusChanged(file.get().withStatus(FileStatus.READY, null)));
            }
        } catch (UnreadableFileException e) {
            failed(ref, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("could not index a knowledge file of thread {}", ref.threadId(), e);
            failed(ref, "The file could not be indexed.");
        }
    }

    private List<Chunk> chunks(FileRef ref, AgentFile file, byte[] content) throws UnreadableFileException {
        List<Passage> passages = reader.passages(reader.read(file.name(), content));
        if (passages.isEmpty()) {
            throw new UnreadableFileException("The file has no text to search.");
        }
        List<Chunk> chunks = new ArrayList<>(passages.size());
        long renewed = System.nanoTime();
        for (int from = 0; from < passages.size(); from += BATCH) {
            List<Passage> batch = passages.subList(from, Math.min(passages.size(), from + BATCH));
            List<Embedding> vectors = embeddings.embedAll(batch.stream().map(p -> TextSegment.from(p.text()))
                    .toList()).content();
            for (int i = 0; i < batch.size(); i++) {
                Passage p = batch.get(i);
                chunks.add(new Chunk(file.fileId(), p.index(), p.text(), p.start(), p.end(),
                        PassageRanking.normalised(vectors.get(i).vector())));
            }
            if (System.nanoTime() - renewed > LEASE.toNanos() / 3) {
                renewed = System.nanoTime();
                if (!store.claim(ref.threadId(), ref.fileId(), nodeId, LEASE)) {
                    throw new IllegalStateException("lost the claim on the file to another node");
                }
            }
        }
        return chunks;
    }

    private void failed(FileRef ref, String reason) {
        try {
            Optional<AgentFile> file = store.file(ref.threadId(), ref.fileId());
            if (file.isPresent() && store.failed(ref.threadId(), ref.fileId(), reason).join()) {
                bus.publish(ref.threadId(), new FileStatusChanged(file.get().withStatus(FileStatus.FAILED, reason)));
            }
        } catch (RuntimeException e) {
            log.warn("could not mark a knowledge file of thread {} failed", ref.threadId(), e);
        }
    }
}
