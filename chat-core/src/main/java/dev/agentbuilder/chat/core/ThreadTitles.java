package dev.agentbuilder.chat.core;

import java.util.Optional;

/**
 * The rules of thread titles and previews, the same for every store and every way in: how long a title may be, what
 * it may hold, the title a thread gets from its first message, and the preview of its last message. Stateless.
 */
public final class ThreadTitles {

    /** The longest title, in code points. */
    public static final int MAX_TITLE_CHARS = 120;
    /** The longest title taken from a first message, in code points, the ellipsis included. */
    public static final int FIRST_MESSAGE_TITLE_CHARS = 80;
    /** The longest preview of a thread's last message, in code points, the ellipsis included. */
    public static final int PREVIEW_CHARS = 200;
    /** The longest search text, in code points. */
    public static final int MAX_SEARCH_CHARS = 120;

    private ThreadTitles() {
    }

    /**
     * Why {@code title} cannot be a thread's title, in words for people; empty when it can. A title is 1 to 120
     * characters, not blank, without control characters (line breaks and tabs included).
     */
    public static Optional<String> refusal(String title) {
        if (title == null || title.isBlank()) {
            return Optional.of("The title must not be empty.");
        }
        if (TextRules.hasUnpairedSurrogate(title)) {
            return Optional.of("The title is not valid Unicode.");
        }
        if (TextRules.chars(title) > MAX_TITLE_CHARS) {
            return Optional.of("The title is longer than " + MAX_TITLE_CHARS + " characters.");
        }
        if (TextRules.hasControl(title, false)) {
            return Optional.of("The title must not contain control characters or line breaks.");
        }
        return Optional.empty();
    }

    /** The title a thread gets from its first message: its text on one line, cut to 80 characters. */
    public static String fromFirstMessage(String content) {
        return cut(oneLine(content), FIRST_MESSAGE_TITLE_CHARS);
    }

    /** The preview of a message in its thread's listing: its text on one line, cut to 200 characters. */
    public static String preview(String content) {
        return cut(oneLine(content), PREVIEW_CHARS);
    }

    /** The title shown: the owner's, else the agent's name when it has one, else the one of the first message. */
    public static String effective(String ownTitle, String agentName, String firstMessageTitle) {
        if (ownTitle != null && !ownTitle.isEmpty()) {
            return ownTitle;
        }
        if (agentName != null && !agentName.isBlank()) {
            return agentName;
        }
        return firstMessageTitle == null ? "" : firstMessageTitle;
    }

    /**
     * A search text as stores compare it: trimmed and lower case; empty matches everything.
     *
     * @throws IllegalArgumentException when it is longer than {@link #MAX_SEARCH_CHARS} or holds control characters
     */
    public static String normalizeSearch(String search) {
        if (search == null) {
            return "";
        }
        String trimmed = search.strip();
        if (TextRules.chars(trimmed) > MAX_SEARCH_CHARS) {
            throw new IllegalArgumentException("The search text is longer than " + MAX_SEARCH_CHARS + " characters.");
        }
        if (TextRules.hasControl(trimmed, false) || TextRules.hasUnpairedSurrogate(trimmed)) {
            throw new IllegalArgumentException("The search text must not contain control characters.");
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a thread matches a search text ({@link #normalizeSearch normalized}): by title or agent name. */
    public static boolean matches(ThreadInfo thread, String normalizedSearch) {
        if (normalizedSearch.isEmpty()) {
            return true;
        }
        return thread.title().toLowerCase(java.util.Locale.ROOT).contains(normalizedSearch)
                || thread.agentName().toLowerCase(java.util.Locale.ROOT).contains(normalizedSearch);
    }

    private static String oneLine(String content) {
        return content.strip().replaceAll("\\s+", " ");
    }

    private static String cut(String s, int max) {
        if (TextRules.chars(s) <= max) {
            return s;
        }
        int end = s.offsetByCodePoints(0, max - 1);
        return s.substring(0, end).stripTrailing() + "…";
    }
}
