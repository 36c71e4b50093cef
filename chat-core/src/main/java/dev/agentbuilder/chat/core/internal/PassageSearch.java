package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.Citation;
import dev.agentbuilder.chat.core.KnowledgePrompt;
import dev.agentbuilder.chat.core.PassageRanking;
import dev.agentbuilder.chat.core.spi.KnowledgeStore;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.injector.ContentInjector;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A preview turn's search of the agent's knowledge files, through langchain4j's retrieval augmentor: a content
 * retriever that embeds the question and ranks the passages of the draft's ready files exactly
 * ({@link PassageRanking}), and a content injector that writes them into the user message as
 * {@link KnowledgePrompt} says. The passages found become the reply's citations.
 *
 * <p>Called on the engine's knowledge search thread, one search at a time. The passages of each file are kept in
 * memory once read (a file's passages never change once it is ready; its id is never used again in its thread), up to
 * {@link #CACHED_PASSAGES} passages in all, least recently used first out.
 */
final class PassageSearch {

    /** About 40 MB of 384-float embeddings and their text. */
    static final int CACHED_PASSAGES = 25_000;

    /** The passages given to the model and cited: the best few. */
    static final int PASSAGES = 3;

    private final KnowledgeStore store;
    private final EmbeddingModel embeddings;
    private final double minScore;
    private final Map<String, List<Chunk>> cache = new LinkedHashMap<>(16, 0.75f, true);
    private int cached;

    /** The passages found and the user message that carries them. */
    record Found(List<Citation> citations, String augmentedText) {
    }

    PassageSearch(KnowledgeStore store, EmbeddingModel embeddings, double minScore) {
        this.store = store;
        this.embeddings = embeddings;
        this.minScore = minScore;
    }

    /**
     * The passages of the draft's files that are ready, as the store says now (a node may not have heard of an
     * indexing that ended on another); null when none of its files is ready yet, and the question goes to the model
     * as it is.
     */
    Found search(String threadId, AgentDraft draft, String question) {
        java.util.Set<String> ready = new java.util.HashSet<>();
        store.files(threadId).stream().filter(f -> f.status() == dev.agentbuilder.chat.core.FileStatus.READY)
                .forEach(f -> ready.add(f.fileId()));
        List<AgentFile> files = draft.files().stream().filter(f -> ready.contains(f.fileId())).toList();
        if (files.isEmpty()) {
            return null;
        }
        ContentRetriever retriever = query -> retrieve(threadId, files, query);
        ContentInjector injector = this::inject;
        RetrievalAugmentor augmentor = DefaultRetrievalAugmentor.builder()
                .contentRetriever(retriever)
                .contentInjector(injector)
                .executor(Runnable::run)
                .build();
        UserMessage asked = UserMessage.from(question);
        AugmentationResult result = augmentor.augment(new AugmentationRequest(asked,
                dev.langchain4j.rag.query.Metadata.from(asked, threadId, List.of())));
        ChatMessage augmented = result.chatMessage();
        return new Found(citations(result.contents()), ((UserMessage) augmented).singleText());
    }

    private List<Content> retrieve(String threadId, List<AgentFile> files, Query query) {
        List<Chunk> chunks = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (AgentFile file : files) {
            chunks.addAll(passagesOf(threadId, file.fileId()));
            names.put(file.fileId(), file.name());
        }
        if (chunks.isEmpty()) {
            return List.of();
        }
        float[] asked = PassageRanking.normalised(embeddings.embed(query.text()).content().vector());
        List<Content> found = new ArrayList<>();
        for (PassageRanking.Scored scored : PassageRanking.top(asked, chunks, PASSAGES, minScore)) {
            Chunk c = scored.chunk();
            Metadata metadata = new Metadata()
                    .put("fileId", c.fileId())
                    .put("fileName", names.get(c.fileId()))
                    .put("passage", c.index())
                    .put("start", c.start())
                    .put("end", c.end());
            found.add(Content.from(TextSegment.from(c.text(), metadata),
                    Map.of(ContentMetadata.SCORE, scored.score())));
        }
        return found;
    }

    private List<Chunk> passagesOf(String threadId, String fileId) {
        // File ids are unique within a thread only.
        String key = threadId + '\n' + fileId;
        List<Chunk> chunks = cache.get(key);
        if (chunks == null) {
            chunks = store.chunks(threadId, List.of(fileId));
            cache.put(key, chunks);
            cached += chunks.size();
            var eldest = cache.entrySet().iterator();
            while (cached > CACHED_PASSAGES && eldest.hasNext()) {
                var entry = eldest.next();
                if (!entry.getKey().equals(key)) {
                    cached -= entry.getValue().size();
                    eldest.remove();
                }
            }
        }
        return chunks;
    }

    private ChatMessage inject(List<Content> contents, ChatMessage message) {
        return UserMessage.from(KnowledgePrompt.augment(((UserMessage) message).singleText(), citations(contents)));
    }

    private static List<Citation> citations(List<Content> contents) {
        List<Citation> out = new ArrayList<>();
        for (Content content : contents) {
            Metadata m = content.textSegment().metadata();
            Object score = content.metadata().get(ContentMetadata.SCORE);
            out.add(new Citation(m.getString("fileId"), m.getString("fileName"), content.textSegment().text(),
                    m.getInteger("passage"), m.getInteger("start"), m.getInteger("end"),
                    score instanceof Number n ? Math.round(n.doubleValue() * 1000) / 1000.0 : 0));
        }
        return out;
    }
}
