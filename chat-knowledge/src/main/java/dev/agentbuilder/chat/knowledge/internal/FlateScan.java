package dev.agentbuilder.chat.knowledge.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Counts what a PDF's Flate streams decode to, from the file's bytes, before PDFBox parses anything. PDFBox 3.0.8
 * decodes a stream whole into the heap when it reads it, and it reads some while it loads the file: the object
 * streams that hold the document's objects (the catalog itself, often). One crafted to inflate to a gigabyte would
 * cost a gigabyte of heap and seconds before any check on the loaded document could run. Here each stream whose
 * dictionary names FlateDecode as its first filter is inflated into a small buffer, which is dropped, and counting
 * stops at the limit; images are skipped (text extraction never decodes them, and a scanned page's pixels may be
 * large). Streams are found by their keywords ({@code stream} after a dictionary's {@code >>}), not by parsing the
 * file, so a damaged file is counted as far as it can be. Stateless.
 */
final class FlateScan {

    private static final byte[] STREAM = "stream".getBytes(StandardCharsets.US_ASCII);
    /** How far back from {@code stream} its dictionary is looked for. */
    private static final int DICTIONARY_WINDOW = 2048;

    private FlateScan() {
    }

    /** Whether the Flate streams of the PDF, images left out, decode to more than {@code limit} bytes together. */
    static boolean decodesToMoreThan(byte[] pdf, long limit) {
        long total = 0;
        byte[] sink = new byte[64 * 1024];
        Inflater inflater = new Inflater();
        try {
            for (int at = indexOf(pdf, STREAM, 0); at >= 0; at = indexOf(pdf, STREAM, at + STREAM.length)) {
                int data = dataStart(pdf, at + STREAM.length);
                if (data < 0 || !endsDictionary(pdf, at)) {
                    continue;
                }
                String dictionary = dictionaryBefore(pdf, at);
                if (!firstFilterIsFlate(dictionary) || dictionary.contains("/Image")) {
                    continue;
                }
                inflater.reset();
                inflater.setInput(pdf, data, pdf.length - data);
                try {
                    while (!inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                        total += inflater.inflate(sink);
                        if (total > limit) {
                            return true;
                        }
                    }
                } catch (DataFormatException e) {
                    // Damaged or not zlib: counted as far as it inflated; PDFBox will say what it makes of it.
                }
            }
            return false;
        } finally {
            inflater.end();
        }
    }

    /** The data after {@code stream}: past its line end (CR LF or LF, or CR alone in damaged files), or -1. */
    private static int dataStart(byte[] pdf, int afterKeyword) {
        if (afterKeyword < pdf.length && pdf[afterKeyword] == '\r') {
            afterKeyword++;
        }
        if (afterKeyword < pdf.length && pdf[afterKeyword] == '\n') {
            return afterKeyword + 1;
        }
        // "endstream" also holds "stream", and a bare "stream" in text is no keyword: both lack the line end.
        return afterKeyword < pdf.length && pdf[afterKeyword - 1] == '\r' ? afterKeyword : -1;
    }

    /** Whether {@code >>} comes just before (whitespace aside), as it does before a stream's data. */
    private static boolean endsDictionary(byte[] pdf, int keyword) {
        int i = keyword - 1;
        while (i >= 0 && (pdf[i] == ' ' || pdf[i] == '\r' || pdf[i] == '\n' || pdf[i] == '\t' || pdf[i] == 0)) {
            i--;
        }
        return i >= 1 && pdf[i] == '>' && pdf[i - 1] == '>';
    }

    private static String dictionaryBefore(byte[] pdf, int keyword) {
        int from = Math.max(0, keyword - DICTIONARY_WINDOW);
        String window = new String(pdf, from, keyword - from, StandardCharsets.ISO_8859_1);
        int obj = window.lastIndexOf("obj");
        return obj >= 0 ? window.substring(obj) : window;
    }

    /** FlateDecode alone, or first of a chain ({@code /Fl} is its abbreviation in inline images and some writers). */
    private static boolean firstFilterIsFlate(String dictionary) {
        int filter = dictionary.indexOf("/Filter");
        if (filter < 0) {
            return false;
        }
        String rest = dictionary.substring(filter + "/Filter".length()).stripLeading();
        if (rest.startsWith("[")) {
            rest = rest.substring(1).stripLeading();
        }
        return rest.startsWith("/FlateDecode") || rest.startsWith("/Fl ") || rest.startsWith("/Fl/")
                || rest.startsWith("/Fl]") || rest.startsWith("/Fl>");
    }

    private static int indexOf(byte[] content, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= content.length; i++) {
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
