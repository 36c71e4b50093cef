package dev.agentbuilder.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.core.spi.DocumentReader.ReadDocument;
import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reader decides a file's type from its content, and the name only breaks ties between kinds of text. */
class ReaderTypesTest {

    private final DocumentReader reader = Knowledge.reader();

    @Test
    void aPdfIsReadAsAPdfWhateverItsName() throws Exception {
        byte[] pdf = TestPdfs.withText("Warranty: two years from the date of purchase.", "Second page.");

        ReadDocument document = reader.read("manual.txt", pdf);

        assertThat(document.type()).isEqualTo("application/pdf");
        assertThat(document.text()).contains("Warranty: two years from the date of purchase.", "Second page.");
    }

    @Test
    void jsonIsReadAsJsonAndKeptAsText() throws Exception {
        String json = "{\"plan\": \"Pro\", \"seats\": [1, 2, 3]}\n";

        ReadDocument document = read("export.txt", json);

        assertThat(document.type()).isEqualTo("application/json");
        assertThat(document.text()).isEqualTo(json);
    }

    @Test
    void textThatOnlyStartsLikeJsonIsNotJson() throws Exception {
        assertThat(read("notes", "{draft} ideas for the launch\nand more\n").type()).isEqualTo("text/plain");
    }

    @Test
    void htmlIsReadAsTheTextAPersonSees() throws Exception {
        String html = "<!DOCTYPE html><html><head><title>FAQ</title><style>p{color:red}</style>"
                + "<script>var secret = 1;</script></head><body><nav>Home | About</nav><h1>Questions</h1>"
                + "<p>How do I   reset my password?</p><ul><li>Open settings</li><li>Click reset</li></ul></body></html>";

        ReadDocument document = read("faq.txt", html);

        assertThat(document.type()).isEqualTo("text/html");
        assertThat(document.text())
                .isEqualTo("FAQ\n\nQuestions\n\nHow do I reset my password?\n\n- Open settings\n- Click reset")
                .doesNotContain("secret", "color", "About");
    }

    @Test
    void markupWithoutADoctypeIsHtmlWhenItIsMostlyTags() throws Exception {
        assertThat(read("page", "<div><p>One</p><p>Two</p><p>Three</p></div>").type()).isEqualTo("text/html");
    }

    @Test
    void linesSharingACountOfDelimitersAreCsvKeptAsLines() throws Exception {
        String csv = "sku;name;price\nA-1;Desk lamp;29.90\nA-2;\"Chair; oak\";149.00\nA-3;Shelf;59.00\n";

        ReadDocument document = read("export", csv);

        assertThat(document.type()).isEqualTo("text/csv");
        assertThat(document.text()).isEqualTo(csv);
    }

    @Test
    void tabSeparatedValuesAreCsv() throws Exception {
        assertThat(read("data", "a\tb\tc\n1\t2\t3\n4\t5\t6\n").type()).isEqualTo("text/csv");
    }

    @Test
    void proseWithCommasIsNotCsv() throws Exception {
        String prose = "We open at nine, close at five.\nOn Fridays, we close early, at four.\n"
                + "Deliveries arrive by noon.\nCall us, write to us, or visit.\n";
        assertThat(read("hours", prose).type()).isEqualTo("text/plain");
    }

    @Test
    void aTxtNameKeepsCommaSeparatedLinesPlainText() throws Exception {
        assertThat(read("list.txt", "a,b\nc,d\ne,f\n").type()).isEqualTo("text/plain");
    }

    @Test
    void aCsvNameMakesASingleColumnCsv() throws Exception {
        assertThat(read("emails.csv", "email\nann@example.com\nbob@example.com\n").type()).isEqualTo("text/csv");
    }

    @Test
    void headingsMakeMarkdown() throws Exception {
        assertThat(read("handbook", "# Handbook\n\nWelcome.\n").type()).isEqualTo("text/markdown");
    }

    @Test
    void anMdNameMakesMarkdownOfPlainLookingText() throws Exception {
        assertThat(read("notes.md", "Just a few words.\n").type()).isEqualTo("text/markdown");
    }

    @Test
    void plainTextIsPlainText() throws Exception {
        assertThat(read("policy", "Refunds are given within 30 days.\n").type()).isEqualTo("text/plain");
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndingsAreDropped() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "First line\r\nSecond line\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);

        assertThat(reader.read("a.txt", content).text()).isEqualTo("First line\nSecond line\n");
    }

    @Test
    void utf16WithAByteOrderMarkIsText() throws Exception {
        byte[] content = "\uFEFFHello, UTF-16 world.\n".getBytes(StandardCharsets.UTF_16BE);
        assertThat(reader.read("a.txt", content).text()).isEqualTo("Hello, UTF-16 world.\n");
    }

    @Test
    void textInAnyScriptIsText() throws Exception {
        assertThat(read("greeting.txt", "Grüße, こんにちは, привет, 🙂\n").type()).isEqualTo("text/plain");
    }

    private ReadDocument read(String name, String text) throws UnreadableFileException {
        return reader.read(name, text.getBytes(StandardCharsets.UTF_8));
    }
}
