package dev.agentbuilder.chat.knowledge.internal;

import dev.agentbuilder.chat.core.spi.DocumentReader;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@link DocumentReader} of chat-knowledge: PDF by its header, otherwise text (UTF-8), whose kind is read from it
 * ({@link TextKinds}); HTML becomes the text a person reads on the page, the other kinds stay as they are (CSV rows
 * are its lines, JSON its text). Stateless: safe for calls on any thread.
 */
public final class KnowledgeReader implements DocumentReader {

    static final String EMPTY = "the file is empty";
    static final String NO_TEXT = "the file has no text in it";
    static final String NAMED_PDF = "this file is named .pdf but is not a PDF: export it as a PDF again, or rename it "
            + "to what it is";

    private final int maxTextChars;
    private final PassageSplitter splitter;

    /**
     * @param maxTextChars the most characters a file's text may have
     * @param passageChars the most characters of a passage
     * @param overlapChars how many characters of a passage's end the next passage may repeat
     */
    public KnowledgeReader(int maxTextChars, int passageChars, int overlapChars) {
        if (maxTextChars < 1 || passageChars < 1 || overlapChars < 0 || overlapChars >= passageChars) {
            throw new IllegalArgumentException("bad limits: maxTextChars " + maxTextChars + ", passageChars "
                    + passageChars + ", overlapChars " + overlapChars);
        }
        this.maxTextChars = maxTextChars;
        this.splitter = new PassageSplitter(passageChars, overlapChars);
    }

    @Override
    public ReadDocument read(String fileName, byte[] content) throws UnreadableFileException {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        if (content.length == 0) {
            throw new UnreadableFileException(EMPTY);
        }
        if (PdfText.isPdf(content)) {
            return new ReadDocument(TextKinds.PDF, PdfText.text(content, maxTextChars));
        }
        String extension = extension(fileName);
        if (extension.equals("pdf")) {
            throw new UnreadableFileException(NAMED_PDF);
        }
        // UTF-8 takes at most four bytes a character (UTF-16 two): more bytes than that is too much text for sure.
        if (content.length / 4 > maxTextChars) {
            throw new UnreadableFileException(tooMuchText(maxTextChars));
        }
        String source = TextBytes.decode(content);
        String type = TextKinds.of(source, extension);
        String text = type.equals(TextKinds.HTML) ? HtmlText.of(source) : source;
        if (text.length() > maxTextChars) {
            throw new UnreadableFileException(tooMuchText(maxTextChars));
        }
        if (text.isBlank()) {
            throw new UnreadableFileException(NO_TEXT);
        }
        return new ReadDocument(type, text);
    }

    @Override
    public List<Passage> passages(ReadDocument document) {
        return splitter.passages(document.text());
    }

    static String tooMuchText(int maxChars) {
        return String.format(Locale.ROOT, "this file has more text than a knowledge file may hold (%,d characters): "
                + "split it into smaller files", maxChars);
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }
}
