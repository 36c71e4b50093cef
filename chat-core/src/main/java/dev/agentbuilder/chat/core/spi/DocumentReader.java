package dev.agentbuilder.chat.core.spi;

import java.util.List;

/**
 * Reads knowledge files: checks what a file is from its content (never from its name alone), extracts its text, and
 * splits the text into passages small enough to embed. chat-knowledge implements it (PDFBox for PDF, jsoup for HTML,
 * langchain4j's splitters); the engine calls it on its knowledge thread, never on a connection's.
 *
 * <p>Implementations are stateless, or safe for calls on any thread.
 */
public interface DocumentReader {

    /**
     * The file's type and text.
     *
     * @param fileName the name it was uploaded under (already reduced to its last path element); a hint at most
     * @param content  all its bytes, at most the engine's limit per file
     * @throws UnreadableFileException when it is empty, of a type not supported, corrupt, encrypted, binary data
     *                                 posing as text, or expands past the reader's limits; the message is for people
     */
    ReadDocument read(String fileName, byte[] content) throws UnreadableFileException;

    /** The document's text in passages, in order, each with where it sits in {@link ReadDocument#text()}. */
    List<Passage> passages(ReadDocument document);

    /** A file's type ({@link dev.agentbuilder.chat.core.AgentFile#TYPES}) and its text. */
    record ReadDocument(String type, String text) {
        public ReadDocument {
            java.util.Objects.requireNonNull(type, "type");
            java.util.Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A passage of a document's text.
     *
     * @param index its place among the document's passages, from 0
     * @param text  the passage
     * @param start where it starts in the document's text, in characters
     * @param end   where it ends, exclusive
     */
    record Passage(int index, String text, int start, int end) {
        public Passage {
            java.util.Objects.requireNonNull(text, "text");
            if (index < 0 || start < 0 || end < start) {
                throw new IllegalArgumentException("bad passage " + index + ": " + start + ".." + end);
            }
        }
    }

    /** A file that cannot be read as knowledge; its message says why, for the person who uploaded it. */
    final class UnreadableFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnreadableFileException(String message) {
            super(message);
        }

        public UnreadableFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
