package dev.agentbuilder.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Files the reader refuses, each with a message for the person who uploaded it, and each in bounded time. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReaderRefusalsTest {

    private final DocumentReader reader = Knowledge.reader();

    @Test
    void anEmptyFileIsRefusedAsEmpty() {
        assertRefused("notes.txt", new byte[0], "the file is empty");
    }

    @Test
    void aFileOfWhitespaceIsRefusedAsHavingNoText() {
        assertRefused("notes.txt", " \n\n\t \n".getBytes(StandardCharsets.UTF_8), "no text");
    }

    @Test
    void aPngNamedTxtIsRefusedAsBinaryData() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        assertRefused("notes.txt", png, "binary data, not text");
    }

    @Test
    void randomBytesNamedMdAreRefusedAsBinaryData() {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        assertRefused("handbook.md", noise, "binary data, not text");
    }

    @Test
    void randomBytesWithoutNulsAreRefusedAsBinaryDataToo() {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noise[i] == 0 ? 1 : noise[i];
        }
        assertRefused("handbook.md", noise, "binary data, not text");
    }

    @Test
    void controlCharactersThroughValidUtf8AreRefusedAsBinaryData() {
        byte[] controls = new byte[10_000];
        for (int i = 0; i < controls.length; i++) {
            controls[i] = (byte) (i % 3 == 0 ? 0x01 + i % 7 : 'a');
        }
        assertRefused("data.txt", controls, "binary data, not text");
    }

    @Test
    void latin1TextIsRefusedWithAskingForUtf8() {
        byte[] latin1 = "Caf\u00e9 cr\u00e8me: the menu of the week, with the pr\u00eet-\u00e0-porter offer.\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused("menu.txt", latin1, "not in UTF-8");
    }

    @Test
    void textNamedPdfIsRefusedAsNotAPdf() {
        assertRefused("manual.pdf", "Just some text.\n".getBytes(StandardCharsets.UTF_8), "named .pdf but is not a PDF");
    }

    @Test
    void aCorruptPdfIsRefusedAsNotReadable() {
        byte[] corrupt = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\ngarbage garbage\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertRefused("manual.pdf", corrupt, "not a readable PDF");
    }

    @Test
    void aTruncatedPdfIsRefusedAsNotReadable() {
        byte[] whole = TestPdfs.withText("Page one of the manual.", "Page two of the manual.");
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertRefused("manual.pdf", half, "not a readable PDF");
    }

    @Test
    void aPasswordProtectedPdfIsRefusedAsPasswordProtected() {
        byte[] pdf = TestPdfs.passwordProtected("Secret warranty terms.", "open-sesame");
        assertRefused("manual.pdf", pdf, "the PDF is password-protected");
    }

    @Test
    void aPdfOfScannedImagesIsRefusedAsHavingNoText() {
        assertRefused("scan.pdf", TestPdfs.imagesOnly(), "no text in this PDF: it may be scanned images");
    }

    @Test
    void aPdfWhoseContentInflatesToAGigabyteOfZerosIsRefusedQuickly() {
        byte[] bomb = TestPdfs.decompressionBomb(new byte[] {0}, 1024);
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
        assertRefusedWithin("bomb.pdf", bomb, "more text than a knowledge file may hold", 5_000);
    }

    @Test
    void aPdfWhoseContentInflatesToAGigabyteOfTextIsRefusedQuickly() {
        byte[] line = "BT /F1 12 Tf 72 700 Td (All work and no play makes Jack a dull boy.) Tj ET\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bomb = TestPdfs.decompressionBomb(line, 1024);
        assertThat(bomb.length).isLessThan(4 * 1024 * 1024);
        assertRefusedWithin("bomb.pdf", bomb, "more text than a knowledge file may hold", 5_000);
    }

    @Test
    void aPdfWhoseObjectStreamInflatesToAGigabyteIsRefusedBeforePdfBoxLoadsIt() {
        byte[] bomb = TestPdfs.objectStreamBomb();
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
        assertRefusedWithin("bomb.pdf", bomb, "more text than a knowledge file may hold", 5_000);
    }

    @Test
    void aPdfWithMoreTextThanTheLimitIsRefused() {
        String page = "The quick brown fox jumps over the lazy dog.\n".repeat(40);
        byte[] pdf = TestPdfs.withText(page, page, page);
        DocumentReader small = Knowledge.reader(2_000);
        assertThatThrownBy(() -> small.read("long.pdf", pdf))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("more text than a knowledge file may hold (2,000 characters)");
    }

    @Test
    void aHugeSingleLineOfTextIsRefusedQuicklyForItsSize() {
        byte[] huge = "lorem ipsum dolor sit amet ".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        assertThat(huge.length).isGreaterThan(Knowledge.MAX_TEXT_CHARS);
        assertRefusedWithin("line.txt", huge, "more text than a knowledge file may hold", 2_000);
    }

    private void assertRefused(String name, byte[] content, String message) {
        assertThatThrownBy(() -> reader.read(name, content))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining(message);
    }

    private void assertRefusedWithin(String name, byte[] content, String message, long millis) {
        long start = System.nanoTime();
        assertRefused(name, content, message);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("%s refused in %d ms%n", name, took);
        assertThat(took).as("time to refuse %s, ms", name).isLessThan(millis);
    }
}
