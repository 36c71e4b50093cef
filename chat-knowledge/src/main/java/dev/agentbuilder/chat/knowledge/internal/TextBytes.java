package dev.agentbuilder.chat.knowledge.internal;

import dev.agentbuilder.chat.core.spi.DocumentReader.UnreadableFileException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether bytes are text, and decodes them: UTF-8 (with or without a byte order mark), or UTF-16 with its byte
 * order mark. Anything else is refused: binary data (a picture, an archive, random bytes) whatever its name says, and
 * text in another encoding, with a message saying which. Stateless.
 */
final class TextBytes {

    static final String BINARY = "this file is binary data, not text: a knowledge file may be a PDF, or text, "
            + "Markdown, HTML, CSV or JSON";
    static final String NOT_UTF8 = "this text is not in UTF-8: save it as UTF-8 and upload it again";

    /** At most one control character in this many: a few stray ones happen in real text, binary data has many. */
    private static final int CHARS_PER_CONTROL = 200;

    private TextBytes() {
    }

    /** The text, with its line endings made {@code \n}, and no byte order mark. */
    static String decode(byte[] content) throws UnreadableFileException {
        String text;
        if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
            text = utf8(content, 3);
        } else if (startsWith(content, 0xFE, 0xFF) || startsWith(content, 0xFF, 0xFE)) {
            text = strict(StandardCharsets.UTF_16, content, 0);
            if (text == null) {
                throw new UnreadableFileException(BINARY);
            }
        } else {
            text = utf8(content, 0);
        }
        if (text.indexOf('\0') >= 0 || controls(text) * (long) CHARS_PER_CONTROL > text.length()) {
            throw new UnreadableFileException(BINARY);
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String utf8(byte[] content, int offset) throws UnreadableFileException {
        for (int i = offset; i < content.length; i++) {
            if (content[i] == 0) {
                // NUL never appears in text; checked before decoding, so a large binary file costs no decoding.
                throw new UnreadableFileException(BINARY);
            }
        }
        String text = strict(StandardCharsets.UTF_8, content, offset);
        if (text != null) {
            return text;
        }
        // Not UTF-8. Text in Latin-1 or Windows-1252 is mostly printable ASCII with a few bytes above 127 (accented
        // letters); binary data is not. Tell the two apart, so that the message says what would help.
        throw new UnreadableFileException(mostlyPrintableAscii(content, offset) ? NOT_UTF8 : BINARY);
    }

    private static String strict(Charset charset, byte[] content, int offset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, offset, content.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean mostlyPrintableAscii(byte[] content, int offset) {
        long printable = 0;
        for (int i = offset; i < content.length; i++) {
            int b = content[i] & 0xFF;
            if ((b >= 0x20 && b < 0x7F) || b == '\n' || b == '\r' || b == '\t') {
                printable++;
            }
        }
        return printable * 100 >= (content.length - offset) * 80L;
    }

    /** Control characters other than the whitespace ones (tab, line feed, form feed, carriage return). */
    private static long controls(String text) {
        long count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || (c >= 0x7F && c <= 0x9F)
                    || c == '\uFFFD') {
                count++;
            }
        }
        return count;
    }

    private static boolean startsWith(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
