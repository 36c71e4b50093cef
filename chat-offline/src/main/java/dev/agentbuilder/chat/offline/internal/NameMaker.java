package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proposes a name from a purpose: the topic plus what the agent does, "plan trips" giving "Trip Planner". Only
 * a guess the user can override, so a small verb list and a fixed fallback are enough; it must stay deterministic.
 * Stateless.
 */
final class NameMaker {

    static final String FALLBACK = "Helpful Assistant";

    /** base verb, its -ing form, the agent noun. */
    private static final String[][] VERBS = {
        {"plan", "planning", "Planner"}, {"write", "writing", "Writer"}, {"draft", "drafting", "Writer"},
        {"translate", "translating", "Translator"}, {"summarize", "summarizing", "Summarizer"},
        {"summarise", "summarising", "Summariser"}, {"review", "reviewing", "Reviewer"},
        {"track", "tracking", "Tracker"}, {"find", "finding", "Finder"}, {"fix", "fixing", "Fixer"},
        {"debug", "debugging", "Debugger"}, {"learn", "learning", "Tutor"}, {"study", "studying", "Tutor"},
        {"teach", "teaching", "Tutor"}, {"practice", "practicing", "Coach"}, {"practise", "practising", "Coach"},
        {"train", "training", "Coach"}, {"prepare", "preparing", "Coach"}, {"improve", "improving", "Coach"},
        {"cook", "cooking", "Chef"}, {"answer", "answering", "Expert"}, {"explain", "explaining", "Explainer"},
        {"understand", "understanding", "Guide"}, {"organize", "organizing", "Organizer"},
        {"organise", "organising", "Organiser"}, {"manage", "managing", "Manager"},
        {"schedule", "scheduling", "Scheduler"}, {"book", "booking", "Booker"},
        {"research", "researching", "Researcher"}, {"analyze", "analyzing", "Analyst"},
        {"analyse", "analysing", "Analyst"}, {"design", "designing", "Designer"}, {"build", "building", "Builder"},
        {"generate", "generating", "Generator"}, {"create", "creating", "Creator"}, {"edit", "editing", "Editor"},
        {"proofread", "proofreading", "Proofreader"}, {"check", "checking", "Checker"},
        {"recommend", "recommending", "Recommender"}, {"suggest", "suggesting", "Advisor"},
        {"choose", "choosing", "Advisor"}, {"pick", "picking", "Picker"}, {"compare", "comparing", "Comparer"},
        {"calculate", "calculating", "Calculator"}, {"solve", "solving", "Solver"},
        {"monitor", "monitoring", "Monitor"}, {"navigate", "navigating", "Navigator"},
        {"brainstorm", "brainstorming", "Brainstormer"}, {"budget", "budgeting", "Budgeter"},
        {"code", "coding", "Coder"}, {"test", "testing", "Tester"}, {"draw", "drawing", "Artist"},
        {"shop", "shopping", "Shopper"}, {"tell", "telling", "Teller"}, {"remember", "remembering", "Keeper"},
        {"sort", "sorting", "Sorter"}, {"clean", "cleaning", "Cleaner"}, {"read", "reading", "Reader"},
    };

    private static final Map<String, String> AGENT_NOUNS = new HashMap<>();

    static {
        for (String[] v : VERBS) {
            AGENT_NOUNS.put(v[0], v[2]);
            AGENT_NOUNS.put(v[1], v[2]);
        }
    }

    /** Words that end the object of the verb: "plan trips | to Italy". */
    private static final Set<String> STOP_WORDS = Set.of(
            "about", "for", "with", "in", "on", "at", "to", "from", "by", "of", "into", "and", "or", "but", "so",
            "that", "which", "who", "when", "where", "while", "if", "because", "using", "via", "like", "as",
            "based", "before", "after", "during", "within", "without", "through", "per", "than", "then", "every",
            "each", "whenever", "how", "what", "better", "faster", "easily", "quickly");

    /** Words that carry no topic: "plan | your | trips". */
    private static final Set<String> SKIPPED = Set.of(
            "a", "an", "the", "your", "my", "our", "their", "his", "her", "its", "some", "any", "all", "me", "you",
            "us", "them", "this", "these", "those", "more", "yourself", "always", "also", "just", "really");

    private static final Set<String> GENERIC = Set.of(
            "question", "questions", "thing", "things", "stuff", "task", "tasks", "everything", "anything",
            "something", "problem", "problems", "issue", "issues", "help", "information", "info", "work", "it");

    private NameMaker() {
    }

    /** A Title Case name of at most {@link AgentDraft#MAX_NAME_CHARS} characters, never empty. */
    static String nameFor(Purpose purpose) {
        List<String> words = words(purpose.task());
        String name = fromVerbAndObject(words);
        if (name.isEmpty()) {
            name = fromGerundPhrase(words);
        }
        if (name.isEmpty()) {
            List<String> topic = lastPhrase(words);
            name = topic.isEmpty() ? "" : titleCase(topic) + " Assistant";
        }
        return name.isEmpty() || name.length() > AgentDraft.MAX_NAME_CHARS ? FALLBACK : name;
    }

    /**
     * "plan weekend trips to Italy" gives "Weekend Trip Planner"; a verb not in the list still has its object
     * taken: "sort receipts" would give "Receipt Sorter", "file receipts" gives "Receipt Assistant".
     */
    private static String fromVerbAndObject(List<String> words) {
        boolean with = !words.isEmpty() && lower(words.get(0)).equals("with");
        int verb = with ? 1 : 0;
        if (verb >= words.size() || with && !AGENT_NOUNS.containsKey(lower(words.get(verb)))) {
            return "";
        }
        String noun = AGENT_NOUNS.getOrDefault(lower(words.get(verb)), "Assistant");
        List<String> object = phraseFrom(words, verb + 1);
        if (object.isEmpty() || object.stream().allMatch(w -> GENERIC.contains(lower(w)))) {
            List<String> topic = lastPhrase(words.subList(verb + 1, words.size()));
            if (!topic.isEmpty()) {
                object = topic;
            }
        }
        if (object.isEmpty()) {
            return noun.equals("Assistant") ? "" : "Personal " + noun;
        }
        return titleCase(object) + " " + noun;
    }

    /** "with trip planning" gives "Trip Planner". */
    private static String fromGerundPhrase(List<String> words) {
        for (int i = 1; i < words.size(); i++) {
            String noun = AGENT_NOUNS.get(lower(words.get(i)));
            if (noun != null && lower(words.get(i)).endsWith("ing")) {
                List<String> topic = new ArrayList<>();
                for (int j = i - 1; j >= 0 && topic.size() < 2 && isTopicWord(words.get(j)); j--) {
                    topic.add(0, words.get(j));
                }
                if (!topic.isEmpty()) {
                    return titleCase(topic) + " " + noun;
                }
            }
        }
        return "";
    }

    /** The noun phrase starting at {@code from}, at most its last two words. */
    private static List<String> phraseFrom(List<String> words, int from) {
        List<String> phrase = new ArrayList<>();
        for (int i = from; i < words.size(); i++) {
            String w = lower(words.get(i));
            if (SKIPPED.contains(w) && phrase.isEmpty()) {
                continue;
            }
            if (!isTopicWord(words.get(i))) {
                break;
            }
            phrase.add(words.get(i));
        }
        return phrase.size() <= 2 ? phrase : phrase.subList(phrase.size() - 2, phrase.size());
    }

    /** The topic is usually the last noun phrase: "answer questions about tax" is about "tax". */
    private static List<String> lastPhrase(List<String> words) {
        int start = words.size();
        while (start > 0 && isTopicWord(words.get(start - 1))) {
            start--;
        }
        List<String> phrase = phraseFrom(words, start);
        return phrase.stream().allMatch(w -> GENERIC.contains(lower(w))) ? List.of() : phrase;
    }

    private static boolean isTopicWord(String word) {
        String w = lower(word);
        return !STOP_WORDS.contains(w) && !SKIPPED.contains(w) && Wording.isWord(word) && word.length() <= 30;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.split("[\\s,;:!?.()\\[\\]\"]+")) {
            if (!token.isEmpty()) {
                words.add(token);
            }
        }
        return words;
    }

    private static String titleCase(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = i == words.size() - 1 ? Wording.singular(words.get(i)) : words.get(i);
            out.add(Wording.capitalize(w));
        }
        return String.join(" ", out);
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }
}
