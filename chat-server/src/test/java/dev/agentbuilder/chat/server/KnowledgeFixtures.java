package dev.agentbuilder.chat.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Knowledge files for the tests: a real PDF made with PDFBox, holding a fact that no other file holds, and a Markdown
 * file of other facts.
 */
final class KnowledgeFixtures {

    /** A question only the PDF answers, and the words of its answer. */
    static final String PDF_QUESTION = "How many days of paid leave do employees get each year?";
    static final String PDF_ANSWER = "27 days of paid leave";
    static final String MARKDOWN_QUESTION = "What is the wifi password in the office?";
    static final String UNANSWERED_QUESTION = "Which planet has the most moons in the solar system?";

    private KnowledgeFixtures() {
    }

    static byte[] handbookPdf() {
        return pdf(List.of(
                "Northwind Employee Handbook",
                "Section 4: Time off.",
                "Every full-time employee receives 27 days of paid leave per year, accrued monthly.",
                "Unused leave carries over to the next year, up to ten days.",
                "Section 5: Equipment.",
                "Each employee is issued a laptop and a headset on the first day.",
                "Broken equipment is replaced by the IT desk within two working days."));
    }

    static byte[] notesMarkdown() {
        return ("""
                # Office notes

                The office opens at 8 in the morning and closes at 7 in the evening.

                ## Wifi

                The guest wifi network is called Northwind-Guest and its password is blue-otter-42.

                ## Lunch

                Lunch is served in the cafeteria on the second floor from noon until two.
                """).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pdf(List<String> lines) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.setLeading(15);
                content.newLineAtOffset(50, 720);
                for (String line : lines) {
                    content.showText(line);
                    content.newLine();
                }
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
