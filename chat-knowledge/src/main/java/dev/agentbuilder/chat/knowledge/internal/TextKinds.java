package dev.agentbuilder.chat.knowledge.internal;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which kind of text a file holds, from its content: JSON when it parses as a JSON object or array, HTML when it is
 * markup, CSV when its lines share a count of delimiters, Markdown when it uses Markdown's marks, plain text
 * otherwise. The name's extension only breaks ties between plain text, Markdown and CSV: a {@code .txt} file with
 * commas on every line stays plain text, a {@code .csv} file is CSV. Stateless.
 */
final class TextKinds {

    static final String PLAIN = "text/plain";
    static final String MARKDOWN = "text/markdown";
    static final String HTML = "text/html";
    static final String CSV = "text/csv";
    static final String JSON = "application/json";
    static final String PDF = "application/pdf";

    /** How far into the text the cheap checks look: a type shows in a file's beginning. */
    private static final int SAMPLE_CHARS = 64 * 1024;
    private static final int SAMPLE_LINES = 200;

    private static final Pattern TAG = Pattern.compile("</?[a-zA-Z][a-zA-Z0-9-]*(\\s[^<>]*)?/?>|<!--.*?-->",
            Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+\\S");
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s{0,3}([-*+]|\\d{1,3}[.)])\\s+\\S");
    private static final Pattern FENCE = Pattern.compile("(?m)^\\s{0,3}(```|~~~)");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]+\\]\\([^)\\s]+\\)");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*[^*\\n]+\\*\\*|__[^_\\n]+__");
    private static final Pattern TABLE_RULE = Pattern.compile("(?m)^\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)+\\|?\\s*$");

    private TextKinds() {
    }

    /** The media type of this text; {@code extension} is the file name's, lower case, or empty. */
    static String of(String text, String extension) {
        String head = text.substring(0, Math.min(text.length(), SAMPLE_CHARS)).stripLeading();
        if ((head.startsWith("{") || head.startsWith("[")) && isJson(text)) {
            return JSON;
        }
        if (isMarkup(head)) {
            return HTML;
        }
        switch (extension) {
            case "csv", "tsv":
                return CSV;
            case "md", "markdown":
                return MARKDOWN;
            case "txt", "text":
                return PLAIN;
            default:
                break;
        }
        if (sharesDelimiters(head)) {
            return CSV;
        }
        return looksLikeMarkdown(head) ? MARKDOWN : PLAIN;
    }

    /** One JSON object or array, strictly (no comments, no single quotes, nothing after it). */
    static boolean isJson(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonToken first = reader.peek();
            if (first != JsonToken.BEGIN_OBJECT && first != JsonToken.BEGIN_ARRAY) {
                return false;
            }
            reader.skipValue();
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A doctype or an {@code <html>} element, or text that is mostly tags. */
    static boolean isMarkup(String head) {
        String lower = head.substring(0, Math.min(head.length(), 1024)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.contains("<html")) {
            return true;
        }
        if (!head.startsWith("<")) {
            return false;
        }
        Matcher tags = TAG.matcher(head);
        int count = 0;
        long inTags = 0;
        while (tags.find()) {
            count++;
            inTags += tags.end() - tags.start();
        }
        long visible = head.chars().filter(c -> !Character.isWhitespace(c)).count();
        return count >= 3 && inTags * 4 >= visible;
    }

    /**
     * Several lines (three at least, nine in ten of them) with the same number of commas, semicolons or tabs, one or
     * more, counted outside quotes.
     */
    static boolean sharesDelimiters(String head) {
        String[] lines = head.lines().filter(l -> !l.isBlank()).limit(SAMPLE_LINES).toArray(String[]::new);
        if (lines.length < 3) {
            return false;
        }
        for (char delimiter : new char[] {',', ';', '\t'}) {
            Map<Integer, Integer> linesByCount = new HashMap<>();
            for (String line : lines) {
                linesByCount.merge(count(line, delimiter), 1, Integer::sum);
            }
            for (Map.Entry<Integer, Integer> entry : linesByCount.entrySet()) {
                if (entry.getKey() >= 1 && entry.getValue() >= 3 && entry.getValue() * 10 >= lines.length * 9) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int count(String line, char delimiter) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                count++;
            }
        }
        return count;
    }

    /** A heading, or two other kinds of Markdown's marks (lists, fences, links, emphasis, tables). */
    static boolean looksLikeMarkdown(String head) {
        if (HEADING.matcher(head).find()) {
            return true;
        }
        int kinds = 0;
        for (Pattern mark : new Pattern[] {LIST_ITEM, FENCE, LINK, EMPHASIS, TABLE_RULE}) {
            if (mark.matcher(head).find()) {
                kinds++;
            }
        }
        return kinds >= 2;
    }
}
