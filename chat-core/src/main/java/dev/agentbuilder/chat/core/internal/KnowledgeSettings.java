package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ThreadKnowledge;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.Objects;

/**
 * How an engine handles knowledge files.
 *
 * @param reader     reads a file's type, text and passages
 * @param embeddings embeds passages and questions; the same model for both
 * @param limits     the largest file, the most files of an agent, the most bytes of a user's files
 * @param minScore   a passage less similar to the question than this is not given to the model
 * @param nodeId     this node's name in the store's claims on files being indexed
 */
public record KnowledgeSettings(DocumentReader reader, EmbeddingModel embeddings, ThreadKnowledge.Limits limits,
        double minScore, String nodeId) {

    public KnowledgeSettings {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(nodeId, "nodeId");
        if (minScore < -1 || minScore > 1) {
            throw new IllegalArgumentException("minScore must be from -1 to 1: " + minScore);
        }
    }
}
