package dev.agentbuilder.chat.offline.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small English text helpers shared by the parser and the writers. Stateless. */
final class Wording {

    static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final String[][] QUOTE_PAIRS = {
        {"\"", "\""}, {"'", "'"}, {"“", "”"}, {"‘", "’"}, {"`", "`"}, {"«", "»"}, {"**", "**"}, {"*", "*"},
    };

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?", FLAGS);

    private static final Map<String, String> USER_TO_AGENT_VIEW = Map.of(
            "me", "you", "my", "your", "mine", "yours", "myself", "yourself", "i", "you", "i'm", "you're",
            "am", "are");

    private static final Map<String, String> YOU_TO_THE_USER = Map.of(
            "you", "the user", "your", "the user's", "yours", "the user's", "yourself", "themselves",
            "you're", "the user is");

    private static final Map<String, String> ME_TO_THE_USER = Map.of(
            "me", "the user", "my", "the user's", "mine", "the user's", "myself", "the user");

    private static final Map<String, String> YOU_TO_ME = Map.of(
            "you", "me", "your", "my", "yours", "mine", "yourself", "myself");

    private Wording() {
    }

    /** Removes quotes or markdown emphasis around the whole text, as users often quote the value they mean. */
    static String unquote(String text) {
        String s = text.strip();
        boolean changed = true;
        while (changed && s.length() >= 2) {
            changed = false;
            for (String[] pair : QUOTE_PAIRS) {
                if (s.length() >= pair[0].length() + pair[1].length() && s.startsWith(pair[0]) && s.endsWith(pair[1])) {
                    s = s.substring(pair[0].length(), s.length() - pair[1].length()).strip();
                    changed = true;
                    break;
                }
            }
        }
        return s;
    }

    /** Drops the given punctuation from the end, for values typed at the end of a sentence. */
    static String trimEnd(String text, String punctuation) {
        int end = text.length();
        while (end > 0 && (punctuation.indexOf(text.charAt(end - 1)) >= 0 || Character.isWhitespace(text.charAt(end - 1)))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** The value the user typed: unquoted, trailing sentence punctuation dropped, then unquoted again. */
    static String value(String text, String trailingPunctuation) {
        return unquote(trimEnd(unquote(text), trailingPunctuation));
    }

    /** "helps me plan my trips" as the agent would read it about its user: "helps you plan your trips". */
    static String toAgentView(String text) {
        return swapWords(text, USER_TO_AGENT_VIEW);
    }

    /** Instructions talk about "the user", never "you", because "you" there means the agent itself. */
    static String youToTheUser(String text) {
        return swapWords(text, YOU_TO_THE_USER);
    }

    static String meToTheUser(String text) {
        return swapWords(text, ME_TO_THE_USER);
    }

    /** Conversation starters are typed by the agent's user, so "you" becomes "me" again. */
    static String youToMe(String text) {
        return swapWords(text, YOU_TO_ME);
    }

    private static String swapWords(String text, Map<String, String> swaps) {
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        while (m.find()) {
            String word = m.group();
            String swap = swaps.get(word.toLowerCase(Locale.ROOT).replace('’', '\''));
            String replacement = swap == null ? word : matchCase(word, swap);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String matchCase(String original, String replacement) {
        // "I" is upper case everywhere, so only a capital at the start of another word means "start of sentence".
        boolean capital = original.length() > 1 && Character.isUpperCase(original.charAt(0));
        return capital ? capitalize(replacement) : replacement;
    }

    static String capitalize(String text) {
        if (text.isEmpty()) {
            return text;
        }
        int first = text.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(text.substring(Character.charCount(first))).toString();
    }

    /** Capitalized, with a full stop unless it already ends a sentence. */
    static String sentence(String text) {
        String s = capitalize(text.strip());
        if (s.isEmpty()) {
            return s;
        }
        char last = s.charAt(s.length() - 1);
        return last == '.' || last == '!' || last == '?' ? s : s + ".";
    }

    static String collapseSpaces(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** "answers" to "answer", "studies" to "study": enough English for the verbs users start a purpose with. */
    static String thirdPersonToBase(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.equals("is")) {
            return "be";
        }
        if (w.equals("has")) {
            return "have";
        }
        if (w.length() <= 2 || !w.endsWith("s") || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return word;
        }
        String stem = word.substring(0, word.length() - 1);
        if (w.endsWith("ies") && w.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes")
                || w.endsWith("zes") || w.endsWith("oes")) {
            return word.substring(0, word.length() - 2);
        }
        return stem;
    }

    /** "trips" to "trip", for names such as "Trip Planner". */
    static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 3 || !w.endsWith("s") || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")
                || w.endsWith("'s") || w.endsWith("news") || w.endsWith("ics")) {
            return word;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes")) {
            return word.substring(0, word.length() - 2);
        }
        return word.substring(0, word.length() - 1);
    }

    static boolean isWord(String token) {
        return WORD.matcher(token).matches();
    }
}
