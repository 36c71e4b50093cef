package dev.agentbuilder.chat.knowledge;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.Deflater;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** PDFs made for the tests: with text, password-protected, of images only, and decompression bombs. */
final class TestPdfs {

    private TestPdfs() {
    }

    /** A PDF of one page per entry, each line of an entry on a line of its own. */
    static byte[] withText(String... pages) {
        try (PDDocument document = new PDDocument()) {
            for (String page : pages) {
                addPage(document, page);
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF with text that opens only with {@code userPassword}. */
    static byte[] passwordProtected(String text, String userPassword) {
        try (PDDocument document = new PDDocument()) {
            addPage(document, text);
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF whose one page is a picture (of text, as a scanner makes), with no text of its own. */
    static byte[] imagesOnly() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            BufferedImage picture = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = picture.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 400, 200);
            g.setColor(Color.BLACK);
            g.drawString("Scanned page: warranty terms", 20, 100);
            g.dispose();
            PDImageXObject image = LosslessFactory.createFromImage(document, picture);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 50, 500, 400, 200);
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF of about a megabyte whose page's content stream decodes to {@code repeats} mebibytes of {@code unit}
     * repeated: 1024 repeats of zeros is a gigabyte. The Flate data is one deflated mebibyte, flushed so that it
     * stands alone, written {@code repeats} times: made in milliseconds, where deflating a gigabyte takes seconds.
     */
    static byte[] decompressionBomb(byte[] unit, int repeats) {
        return rawPdf(flate(new byte[0], unit, repeats));
    }

    /**
     * A PDF 1.5 whose catalog sits in an object stream that inflates to a gigabyte (the catalog, then zeros, which a
     * PDF parser reads as whitespace): PDFBox decodes that stream while it loads the file, before anything else.
     */
    static byte[] objectStreamBomb() {
        byte[] catalog = "1 0 << /Type /Catalog /Pages 2 0 R >>".getBytes(StandardCharsets.US_ASCII);
        byte[] objects = flate(catalog, new byte[] {0}, 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream(objects.length + 1024);
        int[] offsets = new int[5];
        ascii(out, "%PDF-1.5\n");
        offsets[2] = out.size();
        ascii(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets[3] = out.size();
        ascii(out, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n");
        offsets[4] = out.size();
        ascii(out, "4 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length " + objects.length
                + " /Filter /FlateDecode >>\nstream\n");
        out.writeBytes(objects);
        ascii(out, "\nendstream\nendobj\n");
        int xref = out.size();
        // A cross-reference stream, uncompressed: type 1 (offset) or 2 (object stream, index), W [1 4 2].
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0, 0, 65535);
        entry(entries, 2, 4, 0);
        entry(entries, 1, offsets[2], 0);
        entry(entries, 1, offsets[3], 0);
        entry(entries, 1, offsets[4], 0);
        entry(entries, 1, xref, 0);
        ascii(out, "5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length " + entries.size()
                + " >>\nstream\n");
        out.writeBytes(entries.toByteArray());
        ascii(out, "\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void entry(ByteArrayOutputStream out, int type, long field2, int field3) {
        out.write(type);
        out.write((int) (field2 >>> 24));
        out.write((int) (field2 >>> 16));
        out.write((int) (field2 >>> 8));
        out.write((int) field2);
        out.write(field3 >>> 8);
        out.write(field3);
    }

    /**
     * Zlib data of {@code head} then {@code unit} repeated to fill {@code repeats} mebibytes. Each mebibyte is
     * deflated once, flushed so that it stands alone, and its bytes written as often as needed: made in
     * milliseconds, where deflating a gigabyte takes seconds.
     */
    private static byte[] flate(byte[] head, byte[] unit, int repeats) {
        int mib = 1 << 20;
        byte[] chunk = new byte[mib];
        for (int i = 0; i < mib; i++) {
            chunk[i] = unit[i % unit.length];
        }
        byte[] first = chunk.clone();
        System.arraycopy(head, 0, first, 0, head.length);
        byte[] firstBlock = deflated(first);
        byte[] block = deflated(chunk);
        ByteArrayOutputStream stream = new ByteArrayOutputStream(block.length * repeats + 16);
        stream.write(0x78);
        stream.write(0xDA);
        stream.writeBytes(firstBlock);
        for (int i = 1; i < repeats; i++) {
            stream.writeBytes(block);
        }
        stream.writeBytes(new byte[] {0x03, 0x00}); // the final, empty block
        Adler32 adler = new Adler32();
        adler.update(first);
        for (int i = 1; i < repeats; i++) {
            adler.update(chunk);
        }
        long sum = adler.getValue();
        stream.writeBytes(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
        return stream.toByteArray();
    }

    /** Raw deflate data ending on a byte boundary with an empty window: it inflates alone, after any other. */
    private static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        return out.toByteArray();
    }

    /** A one-page PDF written byte by byte, whose page's content is the given Flate data. */
    private static byte[] rawPdf(byte[] flateContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(flateContent.length + 1024);
        List<Integer> offsets = new ArrayList<>();
        ascii(out, "%PDF-1.7\n");
        offsets.add(out.size());
        ascii(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets.add(out.size());
        ascii(out, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets.add(out.size());
        ascii(out, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n");
        offsets.add(out.size());
        ascii(out, "4 0 obj\n<< /Length " + flateContent.length + " /Filter /FlateDecode >>\nstream\n");
        out.writeBytes(flateContent);
        ascii(out, "\nendstream\nendobj\n");
        offsets.add(out.size());
        ascii(out, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
        int xref = out.size();
        ascii(out, "xref\n0 6\n0000000000 65535 f \n");
        for (int offset : offsets) {
            ascii(out, String.format("%010d 00000 n \n", offset));
        }
        ascii(out, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void addPage(PDDocument document, String text) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
            content.setLeading(14);
            content.newLineAtOffset(50, 790);
            for (String line : text.split("\n")) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
