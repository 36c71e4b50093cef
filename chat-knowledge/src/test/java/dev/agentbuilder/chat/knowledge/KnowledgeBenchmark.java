package dev.agentbuilder.chat.knowledge;

import dev.agentbuilder.chat.core.PassageRanking;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.Passage;
import dev.agentbuilder.chat.core.spi.DocumentReader.ReadDocument;
import dev.agentbuilder.chat.core.spi.KnowledgeStore.Chunk;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Indexing and retrieval at scale; a benchmark, not a test (bench/knowledge.sh runs it). Makes {@code MB} megabytes
 * of text from the evaluation set's documents, varied (sentences shuffled into new paragraphs, numbers and product
 * names changed) so that no passage repeats another, in files of a megabyte; reads, splits and embeds them as the
 * engine does, then asks one question of all the passages with exact ranking. Prints passages, passages per second,
 * seconds, peak heap and the search time, for all the passages and for 10^4 of them.
 *
 * <p>{@code java -cp <test classpath> dev.agentbuilder.chat.knowledge.KnowledgeBenchmark [MB=10] [batch=256]}
 */
final class KnowledgeBenchmark {

    private static final String[] NAMES = {"Aurora", "Nimbus", "Solstice", "Harbour", "Meridian", "Juniper",
        "Cobalt", "Sable", "Willow", "Quartz", "Ember", "Tidal", "Orchard", "Falcon", "Beacon", "Larch"};
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern PRODUCT = Pattern.compile("Aurora|Brightwell");

    private KnowledgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        List<String> sentences = sentences();
        Random random = new Random(42);
        DocumentReader reader = Knowledge.reader();
        EmbeddingModel model = Knowledge.embeddings();

        long loadStart = System.nanoTime();
        model.embed("warm up: the model loads on its first embedding");
        double loadSeconds = seconds(loadStart);
        resetPeaks();
        long gcBefore = gcMillis();

        long start = System.nanoTime();
        long splitNanos = 0;
        long chars = 0;
        List<Chunk> chunks = new ArrayList<>();
        for (int file = 0; file < megabytes; file++) {
            byte[] content = document(sentences, random, 1 << 20).getBytes(StandardCharsets.UTF_8);
            long splitStart = System.nanoTime();
            ReadDocument document = reader.read("generated-" + file + ".txt", content);
            List<Passage> passages = reader.passages(document);
            splitNanos += System.nanoTime() - splitStart;
            chars += document.text().length();
            for (int from = 0; from < passages.size(); from += batch) {
                List<Passage> slice = passages.subList(from, Math.min(passages.size(), from + batch));
                List<Embedding> vectors = model.embedAll(slice.stream().map(p -> TextSegment.from(p.text())).toList())
                        .content();
                for (int i = 0; i < slice.size(); i++) {
                    Passage p = slice.get(i);
                    chunks.add(new Chunk("generated-" + file, p.index(), p.text(), p.start(), p.end(),
                            PassageRanking.normalised(vectors.get(i).vector())));
                }
            }
            System.out.printf(Locale.ROOT, "file %d: %,d passages so far, %.0f s%n", file + 1, chunks.size(),
                    seconds(start));
        }
        double indexSeconds = seconds(start);
        long peakHeap = peakHeap();
        long gcMillis = gcMillis() - gcBefore;
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

        float[] question = PassageRanking.normalised(
                model.embed("How long is the warranty on espresso machines?").content().vector());
        double searchAll = searchMillis(question, chunks);
        double search10k = searchMillis(question, chunks.subList(0, Math.min(10_000, chunks.size())));

        System.out.printf(Locale.ROOT, "%n%d MB of text (%,d characters) in %d files; processors %d; batch %d%n",
                megabytes, chars, megabytes, Runtime.getRuntime().availableProcessors(), batch);
        System.out.printf(Locale.ROOT, "model load (first embedding): %.1f s%n", loadSeconds);
        System.out.printf(Locale.ROOT, "passages: %,d (%d characters at most, %d overlap)%n", chunks.size(),
                Knowledge.PASSAGE_CHARS, Knowledge.OVERLAP_CHARS);
        System.out.printf(Locale.ROOT, "indexing: %.1f s in all, of which reading and splitting %.1f s; "
                + "%.0f passages/s%n", indexSeconds, splitNanos / 1e9, chunks.size() / indexSeconds);
        System.out.printf(Locale.ROOT, "peak heap: %,d MB (max %,d MB); after a full GC, with the passages and "
                + "their vectors held: %,d MB; GC %,d ms%n", peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20,
                retained >> 20, gcMillis);
        System.out.printf(Locale.ROOT, "search, exact, top 3 of %,d passages: %.2f ms; of 10,000: %.2f ms%n",
                chunks.size(), searchAll, search10k);
    }

    /** The median of 21 searches, after 10 to warm up. */
    private static double searchMillis(float[] question, List<Chunk> chunks) {
        for (int i = 0; i < 10; i++) {
            PassageRanking.top(question, chunks, 3, Knowledge.MIN_SCORE);
        }
        double[] times = new double[21];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            PassageRanking.top(question, chunks, 3, Knowledge.MIN_SCORE);
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }

    /** Paragraphs of three to eight sentences drawn at random, with their numbers and names changed. */
    private static String document(List<String> sentences, Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 1000);
        while (out.length() < chars) {
            if (random.nextInt(6) == 0) {
                out.append("## ").append(NAMES[random.nextInt(NAMES.length)]).append(' ')
                        .append(1 + random.nextInt(40)).append("\n\n");
            }
            int count = 3 + random.nextInt(6);
            for (int s = 0; s < count; s++) {
                out.append(varied(sentences.get(random.nextInt(sentences.size())), random)).append(' ');
            }
            out.setLength(out.length() - 1);
            out.append("\n\n");
        }
        return out.toString();
    }

    private static String varied(String sentence, Random random) {
        Matcher numbers = NUMBER.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (numbers.find()) {
            numbers.appendReplacement(out, Integer.toString(1 + random.nextInt(Math.max(2, Integer.parseInt(
                    numbers.group().substring(0, Math.min(6, numbers.group().length()))) * 2 + 1))));
        }
        numbers.appendTail(out);
        return PRODUCT.matcher(out).replaceAll(m -> NAMES[random.nextInt(NAMES.length)]);
    }

    /** The sentences of the evaluation set's documents, as the reader reads them. */
    private static List<String> sentences() throws Exception {
        DocumentReader reader = Knowledge.reader();
        List<String> sentences = new ArrayList<>();
        for (String file : EvalSet.FILES) {
            String text = reader.read(file, EvalSet.resource(file)).text();
            for (String sentence : text.replaceAll("\\s+", " ").split("(?<=[.?!])\\s+")) {
                if (sentence.length() > 20) {
                    sentences.add(sentence.strip());
                }
            }
        }
        return sentences;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since the reset: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
