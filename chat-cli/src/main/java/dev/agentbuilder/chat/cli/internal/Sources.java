package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.WireCitation;
import java.util.ArrayList;
import java.util.List;

/**
 * A reply's citations as lines for people, under the reply: {@code Sources: [1] handbook.pdf (passage 4): "Employees
 * accrue 25 days…"}, one line each, the later ones aligned under the first, each passage on one line and cut.
 * Stateless.
 */
final class Sources {

    static final String HEADING = "Sources: ";
    /** How much of a passage is shown, in characters (code points). */
    static final int MAX_PASSAGE = 80;

    private Sources() {
    }

    /** The lines; none for a reply without citations (null or empty). */
    static List<String> lines(List<WireCitation> citations) {
        List<String> lines = new ArrayList<>();
        if (citations == null) {
            return lines;
        }
        String indent = " ".repeat(HEADING.length());
        for (int i = 0; i < citations.size(); i++) {
            WireCitation c = citations.get(i);
            lines.add((i == 0 ? HEADING : indent) + "[" + (i + 1) + "] " + FileTable.oneLine(c.fileName())
                    + " (passage " + c.passage() + "): \"" + cut(passage(c.text())) + "\"");
        }
        return lines;
    }

    /** At most {@link #MAX_PASSAGE} characters, cut at the end with an ellipsis after the last word's end. */
    private static String cut(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_PASSAGE) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_PASSAGE - 1)).stripTrailing() + "…";
    }

    /** Every run of white space, line breaks included, as one space. */
    private static String passage(String text) {
        return text == null ? "" : text.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    }
}
