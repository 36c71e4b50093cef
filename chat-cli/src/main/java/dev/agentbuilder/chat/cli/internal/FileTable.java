package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.WireFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An agent's knowledge files as a table for people: name, size, type, status (with a failure's reason), id; in the
 * order the server lists them. Long names and reasons are cut to keep one line per file. Stateless.
 */
final class FileTable {

    static final int MAX_NAME = 40;
    static final int MAX_STATUS = 50;
    private static final String[] HEADINGS = {"NAME", "SIZE", "TYPE", "STATUS", "ID"};

    private FileTable() {
    }

    /** The table's lines: a heading, then a line per file, columns two spaces apart, the size right-aligned. */
    static List<String> lines(List<WireFile> files) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (WireFile f : files) {
            rows.add(new String[] {ThreadTable.cut(oneLine(f.name()), MAX_NAME), size(f.size()),
                String.valueOf(f.type()), ThreadTable.cut(status(f), MAX_STATUS), f.fileId()});
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
                String pad = " ".repeat(widths[i] - width(row[i]));
                boolean rightAligned = i == 1 && row != HEADINGS;
                line.append(rightAligned ? pad + row[i] : row[i] + (i == row.length - 1 ? "" : pad));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The status in words: {@code ready}, {@code indexing}, or {@code failed: why}. */
    static String status(WireFile file) {
        return "failed".equals(file.status()) && file.error() != null
                ? "failed: " + oneLine(file.error()) : String.valueOf(file.status());
    }

    /** {@code 812 B}, {@code 47.1 KB}, {@code 20.0 MB}: powers of 1024, one decimal. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        String unit = "KB";
        if (value >= 1024) {
            value /= 1024;
            unit = "MB";
        }
        if (value >= 1024) {
            value /= 1024;
            unit = "GB";
        }
        return String.format(Locale.ROOT, "%.1f %s", value, unit);
    }

    /** Control characters and line breaks as spaces: a name or a reason stays on its line. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
