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

    /**
     * Whitespace-separated words, this model's stand-in for tokens: the number of {@link #WORD} matches, counted
     * without a regex because every model call counts the whole conversation.
     */
    static int count(String text) {
        if (text == null) {
            return 0;
        }
        int n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = isRegexSpace(text.charAt(i));
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }

    /** The characters of the regex class {@code \s}: space, tab, line feed, vertical tab, form feed, return. */
    private static boolean isRegexSpace(char c) {
        // Every one of them is at most a space: most characters are ruled out by the first comparison.
        return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r');
    }
}
