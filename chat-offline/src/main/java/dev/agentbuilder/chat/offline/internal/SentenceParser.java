package dev.agentbuilder.chat.offline.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one sentence into intents. The patterns are tried from the most specific (a labelled starter) to the most
 * general (a greeting), so "add a starter: enable web search" adds a starter and switches nothing on. Stateless.
 */
final class SentenceParser {

    private static final int ALL = Wording.FLAGS | Pattern.DOTALL;

    private static final Pattern ADD_STARTER = Pattern.compile(
            "^(?:please\\s+)?(?:(?:add|create|include|put|new)\\s+(?:a\\s+|an\\s+|another\\s+|the\\s+|one\\s+more\\s+)?"
                    + "(?:new\\s+)?(?:conversation\\s+)?starters?(?:\\s+(?:question|prompt|message))?"
                    + "(?:\\s*[:=\\-–—]\\s*|\\s+(?:saying|that\\s+says|like|called)\\s*:?\\s*|\\s+)"
                    + "|(?:conversation\\s+)?starter\\s*[:=]\\s*)(.+)$", ALL);
    private static final Pattern REMOVE_STARTER = Pattern.compile(
            "^(?:please\\s+)?(?:remove|delete|drop)\\s+(?:the\\s+|a\\s+)?(?:conversation\\s+)?starter"
                    + "(?:\\s*[:=\\-–—]\\s*|\\s+)(.+)$", ALL);
    private static final Pattern DESCRIPTION = Pattern.compile(
            "^(?:please\\s+)?(?:(?:the\\s+|its\\s+)?description\\s*(?:[:=]|\\s+(?:should\\s+be|is|will\\s+be)\\b\\s*:?)"
                    + "|(?:set|change|update)\\s+(?:the\\s+)?description\\s+to\\s*:?"
                    + "|describe\\s+(?:it|the\\s+agent|the\\s+bot|the\\s+assistant)\\s+as\\s*:?)\\s*(.+)$", ALL);

    private static final Pattern RENAME = Pattern.compile(
            "^(?:(?:please|ok|okay|so|and|then|now|let['’]s|let\\s+us|can\\s+you|could\\s+you|you\\s+should|"
                    + "i['’]d\\s+like\\s+to|i\\s+want\\s+to|i\\s+would\\s+like\\s+to)[,\\s]+){0,4}"
                    + "(?:(?:call|name)\\s+(?:it|the\\s+agent|the\\s+bot|the\\s+assistant|him|her|them)"
                    + "|rename\\s+(?:it|the\\s+agent|the\\s+bot|the\\s+assistant)?\\s*(?:to|as)?"
                    + "|(?:its|it['’]s|the\\s+agent['’]s|the\\s+bot['’]s|the)\\s+name\\s+(?:should\\s+be|is|will\\s+be|=|:)"
                    + "|(?:set|change)\\s+(?:the\\s+|its\\s+)?name\\s+to"
                    + "|name\\s*[:=])\\s*(.+)$", ALL);
    private static final Pattern PURPOSE = Pattern.compile(
            "^(?:[^.!?]{0,60}?\\b(?:want|need|like|looking\\s+for|create|build|make|design|set\\s+up|get|give|write)"
                    + "\\s+(?:me\\s+|us\\s+)?(?:(?:to\\s+)?(?:create|build|make|have|design|get|set\\s+up)"
                    + "\\s+(?:me\\s+|us\\s+)?)?)?"
                    + "(?:an?|one|some|my\\s+own|our\\s+own)\\s+(?:[\\p{L}'-]+\\s+){0,3}?"
                    + "(?:agent|bot|chatbot|chat\\s+bot|assistant|gpt|helper|companion|tutor|coach)\\s*,?\\s+"
                    + "(that|which|who|to|for)\\s+(.+)$", ALL);
    private static final Pattern WANT_IT_TO = Pattern.compile(
            "^[^.!?]{0,40}?\\b(?:want|need|would\\s+like|'d\\s+like)\\s+"
                    + "(?:it|the\\s+agent|the\\s+bot|the\\s+assistant|my\\s+agent)\\s+to\\s+(.+)$", ALL);
    private static final Pattern RULE = Pattern.compile(
            "^(?:(?:and|also|please|plus)[,\\s]+){0,3}"
                    + "(?:it|the\\s+agent|the\\s+bot|the\\s+assistant|my\\s+agent|he|she|they|you)\\s+"
                    + "(should\\s+not|shouldn['’]t|should|must\\s+not|mustn['’]t|must|shall|has\\s+to|needs\\s+to|"
                    + "have\\s+to|need\\s+to|cannot|can['’]t|can|will\\s+not|won['’]t|will|may\\s+not|may)\\s+(.+)$", ALL);
    private static final Pattern IMPERATIVE_RULE = Pattern.compile(
            "^(?:(?:and|also|please|plus)[,\\s]+){0,3}((?:always|never|don['’]t|do\\s+not|make\\s+sure|only)\\b.+)$", ALL);
    private static final Pattern HELP = Pattern.compile(
            "^(?:help|\\?+|what\\s+can\\s+you\\s+do|how\\s+does\\s+(?:this|it)\\s+work|what\\s+(?:do|should)\\s+i"
                    + "\\s+(?:do|say)(?:\\s+next)?|what\\s+next|what\\s+now|commands)\\W*$", ALL);
    private static final Pattern GREETING = Pattern.compile(
            "^(?:hi|hello|hey|hiya|howdy|yo|greetings|good\\s+(?:morning|afternoon|evening|day)|hola|bonjour|"
                    + "hallo|ciao|salut)(?:\\s+there)?(?:[,\\s]+[\\p{L}]+)?\\W*$", ALL);

    private SentenceParser() {
    }

    /** The intents in one sentence; empty when it asks for nothing the builder understands. */
    static List<Intent> parse(String sentence) {
        String s = sentence.strip();
        if (s.isEmpty()) {
            return List.of();
        }
        Matcher m = ADD_STARTER.matcher(s);
        if (m.matches()) {
            return nonEmpty(Wording.value(m.group(1), ".,;:"), Intent.AddStarter::new);
        }
        m = REMOVE_STARTER.matcher(s);
        if (m.matches()) {
            return nonEmpty(Wording.value(m.group(1), ".,;:"), Intent.RemoveStarter::new);
        }
        m = DESCRIPTION.matcher(s);
        if (m.matches()) {
            return nonEmpty(Wording.unquote(m.group(1)), Intent.SetDescription::new);
        }
        m = RENAME.matcher(s);
        if (m.matches()) {
            String name = Wording.value(m.group(1).replaceFirst("(?i)[,\\s]+(?:please|instead|thanks|thank you)\\W*$", ""),
                    ".,;:!?");
            return nonEmpty(name, Intent.Rename::new);
        }
        Optional<Intent> purposeOrRule = purposeOrRule(s);
        if (purposeOrRule.isPresent()) {
            return List.of(purposeOrRule.get());
        }
        List<Intent> capabilities = CapabilityParser.parse(s);
        if (!capabilities.isEmpty()) {
            return capabilities;
        }
        Optional<Intent> rule = rule(s);
        if (rule.isPresent()) {
            return List.of(rule.get());
        }
        if (HELP.matcher(s).matches()) {
            return List.of(new Intent.AskHelp());
        }
        if (GREETING.matcher(s).matches()) {
            return List.of(new Intent.Greeting());
        }
        return List.of();
    }

    /**
     * Whether the sentence starts a value that runs to the end of the line (a starter, a description), which may
     * hold full stops of its own.
     */
    static boolean takesRestOfLine(String sentence) {
        String s = sentence.strip();
        return ADD_STARTER.matcher(s).matches() || REMOVE_STARTER.matcher(s).matches()
                || DESCRIPTION.matcher(s).matches();
    }

    /** "I want an agent that ..." is a purpose; "I want it to ..." is a rule for the agent being built. */
    private static Optional<Intent> purposeOrRule(String s) {
        Matcher want = WANT_IT_TO.matcher(s);
        if (want.matches()) {
            return ruleLine("should", want.group(1));
        }
        Matcher m = PURPOSE.matcher(s);
        if (m.matches()) {
            return Purpose.from(m.group(1), m.group(2)).map(Intent.DescribePurpose::new);
        }
        return Optional.empty();
    }

    private static Optional<Intent> rule(String s) {
        Matcher m = RULE.matcher(s);
        if (m.matches()) {
            return ruleLine(modal(m.group(1)), m.group(2));
        }
        m = IMPERATIVE_RULE.matcher(s);
        if (m.matches()) {
            return ruleLine("", m.group(1));
        }
        return Optional.empty();
    }

    private static String modal(String typed) {
        String m = Wording.collapseSpaces(typed.toLowerCase(Locale.ROOT).replace('’', '\''));
        return switch (m) {
            case "shouldn't" -> "should not";
            case "mustn't" -> "must not";
            case "can't" -> "cannot";
            case "won't" -> "will not";
            case "has to" -> "have to";
            case "needs to" -> "need to";
            default -> m;
        };
    }

    /** The rule in the user's words, about "the user" instead of "me": "You should always answer in French." */
    private static Optional<Intent> ruleLine(String modal, String body) {
        String words = Wording.collapseSpaces(Wording.meToTheUser(Wording.value(body, ".,;:!")));
        if (words.isEmpty() || words.codePoints().noneMatch(Character::isLetter)) {
            return Optional.empty();
        }
        String line = modal.isEmpty() ? Wording.sentence(words) : Wording.sentence("You " + modal + " " + words);
        String key = Wording.trimEnd(words, ".!?").toLowerCase(Locale.ROOT);
        return Optional.of(new Intent.AddRule(line, key));
    }

    private static List<Intent> nonEmpty(String value, Function<String, Intent> intent) {
        return value.isBlank() ? List.of() : List.of(intent.apply(value.strip()));
    }
}
