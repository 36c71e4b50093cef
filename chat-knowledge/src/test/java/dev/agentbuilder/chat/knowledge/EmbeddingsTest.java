package dev.agentbuilder.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.PassageRanking;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process model: one model for the JVM, whoever asks first, and embeddings that rank meaning. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddingsTest {

    private final EmbeddingModel model = Knowledge.embeddings();

    @Test
    void theDimensionIsKnownWithoutEmbeddingAnything() {
        assertThat(model.dimension()).isEqualTo(384);
        assertThat(Knowledge.embeddings()).isSameAs(model);
    }

    @Test
    void threadsEmbeddingAtOnceGetTheSameVectors() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<float[]>> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> model.embed("How long is the warranty?").content().vector());
            }
            List<float[]> vectors = new ArrayList<>();
            for (Future<float[]> future : pool.invokeAll(tasks)) {
                vectors.add(future.get());
            }
            assertThat(vectors).allSatisfy(v -> assertThat(v).containsExactly(vectors.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPassageThatAnswersScoresHigherThanOneThatDoesNot() {
        List<float[]> vectors = model.embedAll(List.of(
                        TextSegment.from("How long is the warranty on the machine?"),
                        TextSegment.from("All espresso machines come with a 2-year warranty covering parts and labour."),
                        TextSegment.from("Lunch breaks are unpaid and should last at least 30 minutes.")))
                .content().stream().map(e -> PassageRanking.normalised(e.vector())).toList();

        double answer = PassageRanking.dot(vectors.get(0), vectors.get(1));
        double other = PassageRanking.dot(vectors.get(0), vectors.get(2));
        assertThat(answer).isGreaterThan(Knowledge.MIN_SCORE).isGreaterThan(other + 0.2);
        assertThat(other).isLessThan(Knowledge.MIN_SCORE);
    }
}
