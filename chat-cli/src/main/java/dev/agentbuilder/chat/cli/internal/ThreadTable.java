package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.WireThread;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's threads as a table for people: title, agent, when last updated, how many messages, id; newest first, as
 * the server sends them. Long titles and names are cut to keep one line per thread. Stateless.
 */
final class ThreadTable {

    static final int MAX_TITLE = 40;
    static final int MAX_AGENT = 24;
    private static final String[] HEADINGS = {"TITLE", "AGENT", "UPDATED (UTC)", "MESSAGES", "ID"};
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private ThreadTable() {
    }

    /** The table's lines: a heading, then a line per thread, columns two spaces apart, the count right-aligned. */
    static List<String> lines(List<WireThread> threads) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (WireThread t : threads) {
            rows.add(new String[] {
                cut(t.title().isEmpty() ? "(untitled)" : t.title(), MAX_TITLE),
                cut(t.agent() == null || t.agent().name().isEmpty() ? "-" : t.agent().name(), MAX_AGENT),
                minutes(t.updatedAt()),
                Long.toString(t.messageCount()),
                t.threadId()});
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean count = i == 3 && row != HEADINGS;
                String pad = " ".repeat(widths[i] - width(row[i]));
                line.append(count ? pad + row[i] : row[i] + (i == row.length - 1 ? "" : pad));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** {@code 2026-12-07T12:55:40.071Z} as {@code 2026-12-07 12:55}; anything else as it came. */
    static String minutes(String time) {
        try {
            return MINUTES.format(Instant.parse(time));
        } catch (DateTimeParseException | NullPointerException e) {
            return String.valueOf(time);
        }
    }

    /** At most {@code max} characters (code points), the last an ellipsis when cut. */
    static String cut(String text, int max) {
        if (width(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
