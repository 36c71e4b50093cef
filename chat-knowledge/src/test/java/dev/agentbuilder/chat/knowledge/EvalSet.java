package dev.agentbuilder.chat.knowledge;

import dev.agentbuilder.chat.core.PassageRanking;
import dev.agentbuilder.chat.core.PassageRanking.Scored;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.Passage;
import dev.agentbuilder.chat.core.spi.DocumentReader.ReadDocument;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation set ({@code src/test/resources/eval}): five documents and the questions asked of them, read, split
 * and embedded as the engine does (reader, passages, MiniLM, normalised), and ranked with {@link PassageRanking}.
 */
final class EvalSet {

    static final List<String> FILES = List.of("handbook.md", "manual.pdf", "faq.html", "prices.csv",
            "returns-policy.txt");

    /** A question, the file that answers it and a short quote of the answer; no file and no quote if none does. */
    record Question(String file, String question, String quote) {
        boolean answerable() {
            return !file.startsWith("-");
        }

        /** Unanswerable, and off the files' subjects. */
        boolean offTopic() {
            return file.equals("-far");
        }
    }

    /** How one question fared: the best passages (at most three, whatever their score), and whether one answers. */
    record Outcome(Question question, List<Scored> top, boolean hit) {
        double best() {
            return top.isEmpty() ? -1 : top.get(0).score();
        }

        /** A hit among the top three once passages under {@code minScore} are left out. */
        boolean hitAbove(double minScore) {
            return top.stream().anyMatch(s -> s.score() >= minScore && answers(s.chunk(), question));
        }
    }

    final List<Chunk> chunks;
    final List<Question> questions;
    final List<Outcome> outcomes;

    private EvalSet(List<Chunk> chunks, List<Question> questions, List<Outcome> outcomes) {
        this.chunks = chunks;
        this.questions = questions;
        this.outcomes = outcomes;
    }

    static EvalSet evaluate(DocumentReader reader, EmbeddingModel model) throws Exception {
        List<Chunk> chunks = new ArrayList<>();
        for (String file : FILES) {
            ReadDocument document = reader.read(file, resource(file));
            List<Passage> passages = reader.passages(document);
            List<TextSegment> segments = passages.stream().map(p -> TextSegment.from(p.text())).toList();
            List<Embedding> vectors = model.embedAll(segments).content();
            for (int i = 0; i < passages.size(); i++) {
                Passage p = passages.get(i);
                chunks.add(new Chunk(file, p.index(), p.text(), p.start(), p.end(),
                        PassageRanking.normalised(vectors.get(i).vector())));
            }
        }
        List<Question> questions = questions();
        List<TextSegment> asked = questions.stream().map(q -> TextSegment.from(q.question())).toList();
        List<Embedding> queries = model.embedAll(asked).content();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Question question = questions.get(i);
            List<Scored> top = PassageRanking.top(PassageRanking.normalised(queries.get(i).vector()), chunks, 3, -1);
            boolean hit = top.stream().anyMatch(s -> answers(s.chunk(), question));
            outcomes.add(new Outcome(question, top, hit));
        }
        return new EvalSet(List.copyOf(chunks), questions, List.copyOf(outcomes));
    }

    List<Outcome> answerable() {
        return outcomes.stream().filter(o -> o.question().answerable()).toList();
    }

    List<Outcome> unanswerable() {
        return outcomes.stream().filter(o -> !o.question().answerable()).toList();
    }

    /** The share of answerable questions with an answering passage among the top three at or above the score. */
    double retrievalAt3(double minScore) {
        List<Outcome> answerable = answerable();
        return (double) answerable.stream().filter(o -> o.hitAbove(minScore)).count() / answerable.size();
    }

    /** The share of unanswerable questions whose best passage falls under the score: "nothing found". */
    double turnedAway(double minScore) {
        return turnedAway(unanswerable(), minScore);
    }

    /** The same, for those on the files' subjects ({@code offTopic} false) or off them (true). */
    double turnedAway(boolean offTopic, double minScore) {
        return turnedAway(unanswerable().stream().filter(o -> o.question().offTopic() == offTopic).toList(), minScore);
    }

    private static double turnedAway(List<Outcome> unanswerable, double minScore) {
        return (double) unanswerable.stream().filter(o -> o.best() < minScore).count() / unanswerable.size();
    }

    static boolean answers(Chunk chunk, Question question) {
        return question.answerable() && chunk.fileId().equals(question.file())
                && normalised(chunk.text()).contains(normalised(question.quote()));
    }

    static String normalised(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    static List<Question> questions() throws IOException {
        String tsv = new String(resource("questions.tsv"), StandardCharsets.UTF_8);
        List<Question> questions = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("file\t")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 3) {
                throw new IllegalStateException("questions.tsv: not three fields: " + line);
            }
            questions.add(new Question(fields[0], fields[1], fields[2]));
        }
        return List.copyOf(questions);
    }

    static byte[] resource(String name) {
        try (InputStream in = EvalSet.class.getResourceAsStream("/eval/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no eval resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
