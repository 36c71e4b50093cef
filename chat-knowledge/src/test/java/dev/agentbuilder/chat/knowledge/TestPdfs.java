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
        int mib = 1 << 20;
        byte[] chunk = new byte[mib];
        for (int i = 0; i < mib; i++) {
            chunk[i] = unit[i % unit.length];
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(chunk);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        // A full flush ends the block on a byte boundary and forgets the window: the block decodes alone.
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH)) > 0) {
            block.write(buffer, 0, n);
        }
        deflater.end();
        byte[] blockBytes = block.toByteArray();

        ByteArrayOutputStream stream = new ByteArrayOutputStream(blockBytes.length * repeats + 16);
        stream.write(0x78);
        stream.write(0xDA);
        for (int i = 0; i < repeats; i++) {
            stream.writeBytes(blockBytes);
        }
        stream.writeBytes(new byte[] {0x03, 0x00}); // the final, empty block
        long adler = adler32(chunk, repeats);
        stream.writeBytes(new byte[] {(byte) (adler >>> 24), (byte) (adler >>> 16), (byte) (adler >>> 8),
                (byte) adler});
        return rawPdf(stream.toByteArray());
    }

    /** The Adler-32 of {@code chunk} repeated {@code repeats} times (the JDK's, a fraction of a second a GB). */
    private static long adler32(byte[] chunk, int repeats) {
        Adler32 adler = new Adler32();
        for (int r = 0; r < repeats; r++) {
            adler.update(chunk);
        }
        return adler.getValue();
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
