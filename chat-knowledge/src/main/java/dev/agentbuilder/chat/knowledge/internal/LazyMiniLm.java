package dev.agentbuilder.chat.knowledge.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * all-MiniLM-L6-v2 in process (ONNX Runtime), loaded on the first embedding, not before: the model class loads its
 * 90 MB network when it is initialised, which a server that never reads a knowledge file should not pay for. The
 * holder class's initialisation is the JVM's, so the model is loaded once however many threads ask at once. Safe for
 * calls on any thread; {@code embedAll} blocks while the model loads (about a second) and while it embeds, spreading
 * the passages over daemon threads named {@code knowledge-embed-N}.
 */
public final class LazyMiniLm implements EmbeddingModel {

    /** The model's embeddings have 384 dimensions; known without loading it. */
    public static final int DIMENSION = 384;

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return Holder.MODEL.embedAll(segments);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String modelName() {
        return "all-MiniLM-L6-v2";
    }

    /** Initialised by the JVM on first use of {@link #MODEL}, once. */
    private static final class Holder {
        static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel(executor());

        private static ThreadPoolExecutor executor() {
            int threads = Runtime.getRuntime().availableProcessors();
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), task -> {
                        Thread thread = new Thread(task, "knowledge-embed-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            // Idle threads end, so that a server that embedded once keeps no threads for it.
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }
}
