package dev.agentbuilder.chat.knowledge.internal;

import dev.agentbuilder.chat.core.spi.DocumentReader.Passage;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a document's text into passages with langchain4j's recursive splitter (paragraphs, then lines, sentences,
 * words), and finds where each passage sits in the text. The splitter joins the pieces of a passage with its own
 * separators ({@code "\n\n"}, {@code " "}), which need not be the whitespace the text had there; so each passage is
 * found in the text with whitespace matching any whitespace, and its text is then the document's own characters
 * between its start and end. Safe for calls on any thread (the splitter makes its sentence detector per call).
 */
final class PassageSplitter {

    /** How many characters of a passage's start to look for; long enough to be rare, short enough to be cheap. */
    private static final int PROBE_CHARS = 24;

    private final DocumentSplitter splitter;

    PassageSplitter(int maxChars, int overlapChars) {
        this.splitter = DocumentSplitters.recursive(maxChars, overlapChars);
    }

    List<Passage> passages(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        List<TextSegment> segments = splitter.split(Document.from(text));
        List<Passage> passages = new ArrayList<>(segments.size());
        int from = 0;
        int lastEnd = 0;
        for (TextSegment segment : segments) {
            String wanted = segment.text();
            if (wanted.isBlank()) {
                continue;
            }
            int[] span = locate(text, wanted, from);
            if (span == null) {
                // Not expected: the splitter only drops and replaces whitespace. Keep the passage's place after the
                // last one, so that the passages stay in order, and its text as the splitter made it.
                int start = Math.min(lastEnd, text.length());
                int end = Math.min(text.length(), start + wanted.length());
                passages.add(new Passage(passages.size(), wanted, start, end));
                continue;
            }
            passages.add(new Passage(passages.size(), text.substring(span[0], span[1]), span[0], span[1]));
            from = span[0];
            lastEnd = span[1];
        }
        return List.copyOf(passages);
    }

    /** Where {@code wanted} sits in {@code text}, at or after {@code from}, any whitespace matching any whitespace. */
    static int[] locate(String text, String wanted, int from) {
        String probe = firstWord(wanted);
        for (int at = text.indexOf(probe, from); at >= 0; at = text.indexOf(probe, at + 1)) {
            int end = matchFrom(text, at, wanted);
            if (end >= 0) {
                return new int[] {at, end};
            }
        }
        return null;
    }

    private static String firstWord(String wanted) {
        String stripped = wanted.strip();
        int end = 0;
        while (end < stripped.length() && end < PROBE_CHARS && !Character.isWhitespace(stripped.charAt(end))) {
            end++;
        }
        return stripped.substring(0, end);
    }

    /** The end of the match of {@code wanted} starting at {@code at}, or -1. */
    private static int matchFrom(String text, int at, String wanted) {
        int i = at;
        int j = 0;
        String w = wanted.strip();
        while (j < w.length()) {
            char c = w.charAt(j);
            if (Character.isWhitespace(c)) {
                while (j < w.length() && Character.isWhitespace(w.charAt(j))) {
                    j++;
                }
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (i >= text.length()) {
                return -1;
            }
            if (text.charAt(i) == c) {
                i++;
                j++;
            } else if (Character.isWhitespace(text.charAt(i))) {
                // The splitter may have dropped whitespace the text had (a line end between two words it joined).
                i++;
            } else {
                return -1;
            }
        }
        return i;
    }
}
