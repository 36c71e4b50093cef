package dev.agentbuilder.chat.knowledge;

import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.knowledge.internal.KnowledgeReader;
import dev.agentbuilder.chat.knowledge.internal.LazyMiniLm;
import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Knowledge files for agents: a {@link DocumentReader} that reads PDF, HTML, Markdown, CSV, JSON and plain text
 * (deciding the type from the content, never from the name alone) and splits the text into passages, and an
 * in-process embedding model for those passages and the questions asked of them. See chat-knowledge's README for
 * the limits and how the type is decided.
 */
public final class Knowledge {

    /**
     * The lowest cosine similarity (of normalised all-MiniLM-L6-v2 embeddings) at which a passage counts as an answer
     * to a question; pass it to {@code PassageRanking.top}. Measured on chat-knowledge's evaluation set
     * ({@code KnowledgeEvalTest}, figures in docs/benchmarks.md): every score from 0.30 to 0.37 keeps the answering
     * passage among the best three for nine questions in ten or more, and finds nothing for every question off the
     * files' subjects and for half of the unanswered ones on them; this is the middle of that range. Questions on the
     * files' subjects that they do not answer still meet passages on the same subject: the model answering from the
     * passages must say when they do not answer.
     */
    public static final double MIN_SCORE = 0.33;

    /** The most characters of text a knowledge file may hold, by default. */
    public static final int MAX_TEXT_CHARS = 5_000_000;

    /**
     * The most characters of a passage: on the evaluation set, 400 found more answers among the best three (0.98)
     * than 300 (0.96), 500 (0.94) or 600 (0.92), whose longer passages dilute the embedding of the sentence that
     * answers.
     */
    public static final int PASSAGE_CHARS = 400;

    /** How many characters of a passage's end the next passage may repeat, so that no answer is cut in two. */
    public static final int OVERLAP_CHARS = 60;

    private static final EmbeddingModel EMBEDDINGS = new LazyMiniLm();

    private Knowledge() {
    }

    /** Initialised by the JVM on first use, once. */
    private static final class DefaultReader {
        static final DocumentReader READER = reader(MAX_TEXT_CHARS);
    }

    /**
     * The reader, with files of at most {@link #MAX_TEXT_CHARS} characters of text; one for the JVM, made on first use
     * (the splitter loads a sentence model). Its {@code read} blocks while it reads the file (a large PDF may take
     * seconds): call it on a knowledge thread. Safe for calls on any thread.
     */
    public static DocumentReader reader() {
        return DefaultReader.READER;
    }

    /**
     * The reader, with files of at most {@code maxTextChars} characters of text. Its {@code read} blocks while it
     * reads the file (a large PDF may take seconds): call it on a knowledge thread. Safe for calls on any thread.
     */
    public static DocumentReader reader(int maxTextChars) {
        return new KnowledgeReader(maxTextChars, PASSAGE_CHARS, OVERLAP_CHARS);
    }

    /**
     * all-MiniLM-L6-v2 (384 dimensions), in process, loaded on its first embedding (about a second, once per JVM), so
     * a server that never reads a knowledge file pays nothing at start-up. Its embeddings are not normalised: pass
     * them through {@code PassageRanking.normalised}. Blocks while it embeds; safe for calls on any thread.
     */
    public static EmbeddingModel embeddings() {
        return EMBEDDINGS;
    }
}
