package dev.agentbuilder.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.Passage;
import dev.agentbuilder.chat.core.spi.DocumentReader.ReadDocument;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Passages cover the text in order, each the document's own characters between its start and end. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PassagesTest {

    private final DocumentReader reader = Knowledge.reader();

    @Test
    void eachPassageIsTheDocumentsTextBetweenItsOffsets() {
        String text = messyText(new Random(1), 40_000);

        List<Passage> passages = reader.passages(new ReadDocument("text/plain", text));

        assertThat(passages).hasSizeGreaterThan(60);
        for (Passage passage : passages) {
            assertThat(passage.text()).isEqualTo(text.substring(passage.start(), passage.end()));
            assertThat(passage.text()).isNotBlank();
            assertThat(passage.end() - passage.start()).isLessThanOrEqualTo(Knowledge.PASSAGE_CHARS + 20);
        }
    }

    @Test
    void passagesAreNumberedInOrderAndCoverTheWholeText() {
        String text = messyText(new Random(2), 20_000);

        List<Passage> passages = reader.passages(new ReadDocument("text/plain", text));

        int covered = 0;
        for (int i = 0; i < passages.size(); i++) {
            Passage passage = passages.get(i);
            assertThat(passage.index()).isEqualTo(i);
            assertThat(passage.start()).as("passage %d starts where the text so far is covered", i)
                    .isLessThanOrEqualTo(firstNonBlank(text, covered));
            assertThat(passage.start()).isGreaterThanOrEqualTo(i == 0 ? 0 : passages.get(i - 1).start());
            covered = Math.max(covered, passage.end());
        }
        assertThat(text.substring(covered)).isBlank();
    }

    @Test
    void aBlankDocumentHasNoPassages() {
        assertThat(reader.passages(new ReadDocument("text/plain", " \n\n "))).isEmpty();
    }

    @Test
    void aLongSingleLineIsSplitIntoPassagesInBoundedTime() {
        StringBuilder line = new StringBuilder();
        Random random = new Random(3);
        while (line.length() < 1_000_000) {
            line.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
        }
        String text = line.toString();

        long start = System.nanoTime();
        List<Passage> passages = reader.passages(new ReadDocument("text/plain", text));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        System.out.printf("a line of %,d characters: %,d passages in %d ms%n", text.length(), passages.size(), millis);
        assertThat(passages).hasSizeGreaterThan(1_500);
        assertThat(passages).allSatisfy(p -> assertThat(p.text()).isEqualTo(text.substring(p.start(), p.end())));
    }

    private static int firstNonBlank(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static final String[] WORDS = ("the warranty covers parts and labour for two years from purchase while "
            + "accidental damage water and misuse are excluded returns need a receipt refunds take five days "
            + "staff may work remotely three days a week with approval").split(" ");

    /** Paragraphs, lines, odd whitespace (runs of blank lines, spaces at line ends, tabs) and long lines. */
    static String messyText(Random random, int chars) {
        StringBuilder out = new StringBuilder();
        while (out.length() < chars) {
            int sentences = 1 + random.nextInt(8);
            for (int s = 0; s < sentences; s++) {
                int words = 3 + random.nextInt(25);
                for (int w = 0; w < words; w++) {
                    out.append(WORDS[random.nextInt(WORDS.length)]);
                    out.append(switch (random.nextInt(20)) {
                        case 0 -> "  ";
                        case 1 -> "\t";
                        case 2 -> " \n";
                        default -> " ";
                    });
                }
                out.setLength(out.length() - 1);
                out.append(". ");
            }
            out.append(switch (random.nextInt(4)) {
                case 0 -> "\n\n\n";
                case 1 -> "\n \n";
                case 2 -> "\n";
                default -> "\n\n";
            });
        }
        return out.toString();
    }
}
