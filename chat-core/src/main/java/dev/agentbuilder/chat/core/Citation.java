package dev.agentbuilder.chat.core;

import java.util.Objects;

/**
 * A passage of a knowledge file that an agent's reply was given to answer from: where the reply came from.
 *
 * @param fileId   the file's id
 * @param fileName the file's name when the reply was made
 * @param text     the passage
 * @param passage  the passage's index in the file, from 0
 * @param start    where the passage starts in the file's text (characters, from 0)
 * @param end      where it ends (exclusive)
 * @param score    how close it is to the question: cosine similarity of the two embeddings, -1 to 1
 */
public record Citation(String fileId, String fileName, String text, int passage, int start, int end, double score) {

    public Citation {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
        if (passage < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad position: passage " + passage + ", " + start + ".." + end);
        }
    }
}
