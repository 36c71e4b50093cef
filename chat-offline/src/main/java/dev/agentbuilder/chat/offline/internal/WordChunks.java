package dev.agentbuilder.chat.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a reply the way it is streamed, one word with its trailing whitespace per chunk. Stateless. */
final class WordChunks {

    private static final Pattern WORD = Pattern.compile("\\S+\\s*");

    private WordChunks() {
    }

    /** Chunks that concatenate to exactly {@code text}; none for null or empty text. */
    static List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return chunks;
        }
        Matcher m = WORD.matcher(text);
        int end = 0;
        while (m.find()) {
            // Leading whitespace rides with the first word so no chunk is whitespace alone.
            int start = chunks.isEmpty() ? 0 : m.start();
            chunks.add(text.substring(start, m.end()));
            end = m.end();
        }
        if (end < text.length()) {
            chunks.add(text.substring(end));
        }
        return chunks;
    }
}
