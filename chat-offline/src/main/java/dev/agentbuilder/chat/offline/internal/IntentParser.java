package dev.agentbuilder.chat.offline.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a whole user message into intents, in the order written. A message may hold several lines and sentences,
 * and a sentence several clauses ("call it Wanderlust and enable web search"); each is read on its own. Safe on any
 * thread: its one cache is a concurrent map of values that depend only on their keys.
 */
final class IntentParser {

    /** Enough for any real message and for instructions over the tool's limit, so that limit is reported. */
    static final int MAX_CHARS = 20_000;

    private static final int MAX_CLAUSE_CHARS = 400;
    private static final int MAX_SPLITS_TRIED = 24;

    private static final Pattern INSTRUCTIONS = Pattern.compile(
            "^(?:(?:please\\s+)?(?:set|change|replace|update)\\s+(?:the\\s+)?(?:instructions|system\\s+prompt)"
                    + "\\s+(?:to|with)\\s*:?|(?:the\\s+)?(?:new\\s+)?(?:instructions|system\\s+prompt)"
                    + "\\s*(?:[:=]|\\s+(?:should\\s+be|are)\\s*:))\\s*", Wording.FLAGS);
    private static final Pattern BULLET = Pattern.compile("^(?:[-*•]|\\d{1,2}[.)])\\s+");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s+");
    private static final Pattern CLAUSE_BREAK = Pattern.compile(
            "\\s*(?:,\\s*|;\\s*|\\s+)(?:and\\s+then|and\\s+also|and|then|also|plus)\\s+|\\s*[,;]\\s+",
            Wording.FLAGS);

    /**
     * The intents of recent messages, which are read twice in a turn that changes the draft (to plan its tool calls,
     * then to report them), and short ones ("yes", "thanks") come back often. Reading a message is regular
     * expressions over each clause, a tenth of the offline model's time (JFR). Only short messages are kept, so the
     * map stays under a few MB; cleared when full.
     */
    private static final Map<String, List<Intent>> RECENT = new ConcurrentHashMap<>();
    private static final int RECENT_CAPACITY = 1_024;
    private static final int RECENT_MAX_CHARS = 1_000;

    private IntentParser() {
    }

    static List<Intent> parse(String message) {
        if (message == null || message.isBlank()) {
            return List.of();
        }
        if (message.length() > RECENT_MAX_CHARS) {
            return read(message);
        }
        List<Intent> known = RECENT.get(message);
        if (known != null) {
            return known;
        }
        List<Intent> intents = List.copyOf(read(message));
        if (RECENT.size() >= RECENT_CAPACITY) {
            RECENT.clear();
        }
        RECENT.put(message, intents);
        return intents;
    }

    private static List<Intent> read(String message) {
        String text = message.length() > MAX_CHARS ? message.substring(0, MAX_CHARS) : message;
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<Intent> intents = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = BULLET.matcher(lines[i].strip()).replaceFirst("");
            Matcher label = INSTRUCTIONS.matcher(line);
            if (label.lookingAt()) {
                // Instructions are often several lines long, so the label takes the rest of the message.
                StringBuilder body = new StringBuilder(line.substring(label.end()));
                for (int j = i + 1; j < lines.length; j++) {
                    body.append('\n').append(lines[j]);
                }
                String value = Wording.unquote(body.toString());
                if (!value.isBlank()) {
                    intents.add(new Intent.SetInstructions(value));
                }
                break;
            }
            intents.addAll(parseLine(line));
        }
        return intents;
    }

    private static List<Intent> parseLine(String line) {
        List<int[]> sentences = sentences(line);
        List<Intent> intents = new ArrayList<>();
        int i = 0;
        while (i < sentences.size()) {
            String sentence = text(line, sentences.get(i));
            if (SentenceParser.takesRestOfLine(sentence)) {
                // "Add a starter: Plan a weekend in Rome. Include museums." is one starter, unless a later
                // sentence is a request of its own ("... Enable web search.").
                int j = i + 1;
                while (j < sentences.size() && SentenceParser.parse(text(line, sentences.get(j))).isEmpty()) {
                    j++;
                }
                intents.addAll(SentenceParser.parse(line.substring(sentences.get(i)[0], sentences.get(j - 1)[1])));
                i = j;
            } else {
                intents.addAll(parseClauses(sentence));
                i++;
            }
        }
        return intents;
    }

    /** Splits at "and", "then" or a comma only when both sides are requests, else reads the sentence whole. */
    private static List<Intent> parseClauses(String sentence) {
        return parseClauses(sentence, new int[] {MAX_SPLITS_TRIED});
    }

    /** {@code budget} caps the parses tried, so a long run of commas cannot make the search explode. */
    private static List<Intent> parseClauses(String sentence, int[] budget) {
        if (sentence.length() <= MAX_CLAUSE_CHARS) {
            Matcher m = CLAUSE_BREAK.matcher(sentence);
            while (budget[0] > 0 && m.find()) {
                budget[0]--;
                List<Intent> head = SentenceParser.parse(sentence.substring(0, m.start()));
                if (head.isEmpty()) {
                    continue;
                }
                List<Intent> tail = parseClauses(sentence.substring(m.end()), budget);
                // "enable web search, code interpreter and file search": the switch word covers the whole list.
                if (!tail.isEmpty() && !(onlyCapabilities(head) && onlyCapabilities(tail))) {
                    List<Intent> both = new ArrayList<>(head);
                    both.addAll(tail);
                    return both;
                }
            }
        }
        return SentenceParser.parse(sentence);
    }

    private static boolean onlyCapabilities(List<Intent> intents) {
        return intents.stream().allMatch(Intent.ToggleCapability.class::isInstance);
    }

    /** Sentence bounds as [start, end) offsets, so a value spanning sentences keeps its own spacing. */
    private static List<int[]> sentences(String line) {
        List<int[]> bounds = new ArrayList<>();
        Matcher m = SENTENCE_END.matcher(line);
        int start = 0;
        while (m.find()) {
            bounds.add(new int[] {start, m.start()});
            start = m.end();
        }
        if (start < line.length()) {
            bounds.add(new int[] {start, line.length()});
        }
        return bounds;
    }

    private static String text(String line, int[] bounds) {
        return line.substring(bounds[0], bounds[1]);
    }
}
