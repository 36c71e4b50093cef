package dev.agentbuilder.chat.protocol;

/**
 * A passage of a knowledge file that a reply was given to answer from.
 *
 * @param passage its place among the file's passages, from 0
 * @param start   where it lies in the file's extracted text, in characters
 * @param end     where it ends, exclusive
 * @param score   its cosine similarity to the question
 */
public record WireCitation(String fileId, String fileName, String text, int passage, int start, int end,
        double score) {
}
