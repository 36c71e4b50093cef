package dev.agentbuilder.chat.knowledge.internal;

import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * A PDF's text, read with PDFBox within limits that a crafted file cannot get past: what its Flate streams decode to,
 * counted from the file's bytes before PDFBox loads it ({@link FlateScan}), the memory PDFBox may use for its
 * stream cache, the bytes all streams but images may decode to (a megabyte of zeros compressed with Flate decodes
 * to a gigabyte, and PDFBox would hold it all in the heap), the characters of a page and of the whole file. Each limit stops the work as soon as it is reached.
 *
 * <p>PDFBox directly, not langchain4j's {@code ApachePdfBoxDocumentParser}: that parser loads with PDFBox's defaults,
 * with no cap on memory or text, and says nothing of why a file failed (password, damage, no text), which people
 * need to hear. Stateless.
 */
final class PdfText {

    static final String PASSWORD = "the PDF is password-protected: remove the password (print it to a new PDF, or "
            + "save it without protection) and upload it again";
    static final String NO_COPYING = "the PDF's owner forbids copying its text, so it cannot be used as knowledge";
    static final String UNREADABLE = "this is not a readable PDF: it is damaged or cut short";
    static final String NO_TEXT = "no text in this PDF: it may be scanned images, which would need text recognition "
            + "(OCR) first";

    /** The memory PDFBox may take for decoded streams (its stream cache), per file. */
    static final long CACHE_BYTES = 64L * 1024 * 1024;
    /** What all of a file's streams but its images may decode to: far more than the text of any real document. */
    static final long DECODED_BYTES = 100L * 1024 * 1024;
    /** Characters on one page: a dense page holds some thousands; a page's characters are all in memory at once. */
    static final int PAGE_CHARS = 100_000;

    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    /** How near the end {@code %%EOF} must be; writers may add a line end or a few bytes of padding after it. */
    private static final int END_WINDOW = 1024;

    private PdfText() {
    }

    /** Whether the content is a PDF: it starts with the PDF header, whatever the file's name. */
    static boolean isPdf(byte[] content) {
        return indexOf(content, MAGIC, 0, Math.min(content.length, MAGIC.length)) == 0;
    }

    /** The text of the PDF, at most {@code maxChars} characters; refused past that. */
    static String text(byte[] content, int maxChars) throws UnreadableFileException {
        // A file cut short loses its end-of-file mark; PDFBox would guess at the rest and may find part of the text.
        if (indexOf(content, END, Math.max(0, content.length - END_WINDOW), content.length) < 0) {
            throw new UnreadableFileException(UNREADABLE);
        }
        if (FlateScan.decodesToMoreThan(content, DECODED_BYTES)) {
            throw new UnreadableFileException(KnowledgeReader.tooMuchText(maxChars));
        }
        try (PDDocument document = Loader.loadPDF(content, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(CACHE_BYTES).streamCache)) {
            if (document.isEncrypted() && !document.getCurrentAccessPermission().canExtractContent()) {
                throw new UnreadableFileException(NO_COPYING);
            }
            checkDecodedSize(document);
            CappedText out = new CappedText(maxChars);
            Stripper stripper = new Stripper();
            stripper.writeText(document, out);
            String text = out.toString();
            if (text.isBlank()) {
                throw new UnreadableFileException(NO_TEXT);
            }
            return text;
        } catch (InvalidPasswordException e) {
            throw new UnreadableFileException(PASSWORD, e);
        } catch (TooMuch e) {
            throw new UnreadableFileException(KnowledgeReader.tooMuchText(maxChars), e);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFileException(UNREADABLE, e);
        }
    }

    /**
     * Decodes every stream but the images, counting the bytes, and stops at {@link #DECODED_BYTES} all together: a
     * decompression bomb is refused after a hundred megabytes of inflating (a fraction of a second), before the text
     * stripper gets to it. PDFBox 3.0.8's {@code COSStream.createInputStream} decodes a whole stream into the heap
     * (not into the memory-limited stream cache), so a gigabyte of zeros would cost a gigabyte of heap and seconds;
     * here each filter writes to a sink that counts and drops what a single filter decodes, and keeps what the next
     * filter of a chain needs (at most {@link #DECODED_BYTES}). Images are left alone: text extraction never decodes
     * them.
     */
    private static void checkDecodedSize(PDDocument document) throws IOException {
        long[] total = {0};
        for (COSObjectKey key : document.getDocument().getXrefTable().keySet()) {
            COSObject object = document.getDocument().getObjectFromPool(key);
            COSBase base = object.getObject();
            if (!(base instanceof COSStream stream) || COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
                continue;
            }
            List<COSName> filters = filters(stream.getFilters());
            byte[] input = null;
            for (int i = 0; i < filters.size(); i++) {
                boolean last = i == filters.size() - 1;
                Counting sink = new Counting(total, last ? null : new ByteArrayOutputStream());
                try (InputStream in = input == null ? stream.createRawInputStream() : new ByteArrayInputStream(input)) {
                    FilterFactory.INSTANCE.getFilter(filters.get(i)).decode(in, sink, stream, i);
                }
                input = last ? null : sink.kept();
            }
        }
    }

    private static List<COSName> filters(COSBase filters) {
        if (filters instanceof COSName name) {
            return List.of(name);
        }
        List<COSName> names = new ArrayList<>();
        if (filters instanceof COSArray array) {
            for (COSBase item : array) {
                if (item instanceof COSName name) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Counts decoded bytes into a running total, refusing past {@link #DECODED_BYTES}; keeps them if asked. */
    private static final class Counting extends OutputStream {
        // Confined to the thread that reads the file.
        private final long[] total;
        private final ByteArrayOutputStream kept;

        Counting(long[] total, ByteArrayOutputStream kept) {
            this.total = total;
            this.kept = kept;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            total[0] += length;
            if (total[0] > DECODED_BYTES) {
                throw new TooMuch();
            }
            if (kept != null) {
                kept.write(bytes, offset, length);
            }
        }

        byte[] kept() {
            return kept.toByteArray();
        }
    }

    /** Text past a limit; unchecked, so that it leaves PDFBox's stream engine, which handles IOExceptions itself. */
    private static final class TooMuch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMuch() {
            super(null, null, false, false);
        }
    }

    /** PDFBox's text stripper, which stops at a page holding more than {@link #PAGE_CHARS} characters. */
    private static final class Stripper extends PDFTextStripper {
        // Confined to the thread that reads the file.
        private int pageChars;

        Stripper() {
            setLineSeparator("\n");
            setPageEnd("\n\n");
            // A blank line where PDFBox sees a paragraph end (a larger gap, an indent), so passages split there.
            setParagraphEnd("\n");
            setSortByPosition(false);
        }

        @Override
        protected void startPage(PDPage page) throws IOException {
            pageChars = 0;
            super.startPage(page);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (++pageChars > PAGE_CHARS) {
                throw new TooMuch();
            }
            super.processTextPosition(text);
        }
    }

    /** The text written so far, refused once it passes its limit. */
    private static final class CappedText extends Writer {
        // Confined to the thread that reads the file.
        private final StringBuilder text = new StringBuilder();
        private final int maxChars;

        CappedText(int maxChars) {
            this.maxChars = maxChars;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            if (text.length() + (long) length > maxChars) {
                throw new TooMuch();
            }
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
            if (text.length() + (long) length > maxChars) {
                throw new TooMuch();
            }
            text.append(string, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static int indexOf(byte[] content, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
