package dev.agentbuilder.chat.core;

/**
 * What user text must be before it is stored, shared by messages and the draft: whole Unicode characters (a JSON
 * escape can name half of a UTF-16 surrogate pair, which no storage or client can encode) and no control characters
 * (PostgreSQL refuses NUL outright). Lengths are counted in characters (code points), as people count them. Stateless.
 */
public final class TextRules {

    private TextRules() {
    }

    /** The number of characters (code points). */
    public static int chars(String s) {
        return s.codePointCount(0, s.length());
    }

    public static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} holds a control character; tab and line breaks pass when {@code multiline}. */
    public static boolean hasControl(String s, boolean multiline) {
        return s.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r'
                || c == '\t')));
    }
}
