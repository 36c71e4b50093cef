package dev.agentbuilder.chat.offline.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent is for, rewritten from the user's words to the agent's point of view.
 *
 * @param clause what follows "an assistant that", for example {@code helps you plan trips}
 * @param task   the job itself in base form, for example {@code plan trips}; used for names and suggestions
 */
record Purpose(String clause, String task) {

    private static final Pattern MODAL = Pattern.compile(
            "^(?:can|could|will|would|should|must|shall|may|might)\\s+(?:also\\s+|always\\s+)?(.+)$", Wording.FLAGS);
    private static final Pattern FOR_SOMEONE = Pattern.compile(
            "^(?:you|us)\\s*,?\\s+(that|which|who|to)\\s+(.+)$", Wording.FLAGS);
    private static final Set<String> STATE_VERBS = Set.of("is", "are", "has", "was", "be", "have");
    private static final Set<String> ADVERBS = Set.of("always", "also", "just", "really", "actually", "only");

    Purpose {
        Objects.requireNonNull(clause, "clause");
        Objects.requireNonNull(task, "task");
    }

    /**
     * Reads the words after "an agent that/which/who/to/for".
     *
     * @param connector that, which, who, to or for
     * @param words     the user's words after the connector
     */
    static Optional<Purpose> from(String connector, String words) {
        String phrase = Wording.toAgentView(Wording.collapseSpaces(Wording.value(words, ".,;:!?")));
        phrase = phrase.replaceFirst("(?i)[,\\s]+please$", "");
        if (phrase.isBlank() || !phrase.codePoints().anyMatch(Character::isLetter)) {
            return Optional.empty();
        }
        String c = connector.toLowerCase(Locale.ROOT);
        if (c.equals("to")) {
            return Optional.of(fromBaseForm(phrase));
        }
        if (c.equals("for")) {
            Matcher m = FOR_SOMEONE.matcher(phrase);
            if (m.matches()) {
                return from(m.group(1), m.group(2));
            }
            return Optional.of(new Purpose("helps you with " + phrase, "with " + phrase));
        }
        Matcher modal = MODAL.matcher(phrase);
        if (modal.matches()) {
            return Optional.of(fromBaseForm(modal.group(1)));
        }
        return Optional.of(fromThirdPerson(phrase));
    }

    private static Purpose fromThirdPerson(String phrase) {
        String[] words = phrase.split(" ");
        int verb = 0;
        while (verb < words.length - 1 && isAdverb(words[verb])) {
            verb++;
        }
        if (STATE_VERBS.contains(words[verb].toLowerCase(Locale.ROOT))) {
            // "who is good at maths" has no action to help with; keep the user's clause as it is.
            return new Purpose(phrase, phrase.substring(phrase.indexOf(' ') + 1));
        }
        words[verb] = Wording.thirdPersonToBase(words[verb]);
        return fromBaseForm(String.join(" ", words));
    }

    private static Purpose fromBaseForm(String phrase) {
        String lower = phrase.toLowerCase(Locale.ROOT);
        if (lower.equals("help") || lower.equals("help you")) {
            return new Purpose("helps you", "");
        }
        if (lower.startsWith("help ")) {
            String rest = phrase.substring(5).replaceFirst("(?i)^you\\s+(?:to\\s+)?", "").strip();
            return new Purpose("helps you " + rest, rest);
        }
        if (lower.startsWith("be ")) {
            return new Purpose("is " + phrase.substring(3), phrase.substring(3));
        }
        if (lower.startsWith("have ")) {
            return new Purpose("has " + phrase.substring(5), phrase.substring(5));
        }
        return new Purpose("helps you " + phrase, phrase);
    }

    private static boolean isAdverb(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return ADVERBS.contains(w) || w.endsWith("ly") && w.length() > 4;
    }

    /** The draft's description, for example {@code Helps you plan trips.} */
    String description() {
        return clause.startsWith("helps") ? Wording.sentence(clause) : Wording.sentence("an assistant that " + clause);
    }

    /** The clause for the agent's instructions, where "you" is the agent: {@code helps the user plan trips}. */
    String clauseForInstructions() {
        return Wording.youToTheUser(clause);
    }
}
