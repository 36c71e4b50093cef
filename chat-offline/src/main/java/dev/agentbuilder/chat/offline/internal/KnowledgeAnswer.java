package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.KnowledgePrompt;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The offline preview's answer from the passages of its knowledge files that came with a question
 * ({@link KnowledgePrompt}): the sentence of those passages that shares the most words with the question, with the
 * file it comes from; or, when no passage came, that its files do not cover it. Deterministic and stateless.
 */
final class KnowledgeAnswer {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "was", "what", "which", "who", "how",
            "does", "did", "can", "you", "your", "our", "with", "from", "that", "this", "there", "have", "has", "many",
            "much", "when", "where", "why", "about", "into", "per", "any", "all", "get", "its", "is", "do", "of", "a",
            "an", "to", "in", "on", "at", "be", "it", "or", "my", "me", "i", "we");
    private static final int MAX_CHARS = 600;

    private KnowledgeAnswer() {
    }

    static String reply(KnowledgePrompt.Augmented asked) {
        List<KnowledgePrompt.Passage> passages = asked.passages();
        if (passages.isEmpty()) {
            return "I looked through my knowledge files and found nothing about that, so I won't make an answer up: "
                    + "my files don't cover it.";
        }
        Set<String> question = words(asked.question());
        String best = null;
        String file = passages.get(0).fileName();
        int bestScore = -1;
        for (int p = 0; p < passages.size(); p++) {
            for (String sentence : SENTENCE_END.split(passages.get(p).text())) {
                String s = sentence.strip();
                if (s.isEmpty()) {
                    continue;
                }
                Set<String> shared = words(s);
                shared.retainAll(question);
                // Passages come best first: among sentences that share as many words, the better passage's wins.
                int score = shared.size() * 10 - p;
                if (score > bestScore) {
                    bestScore = score;
                    best = s;
                    file = passages.get(p).fileName();
                }
            }
        }
        String quote = best.length() > MAX_CHARS ? best.substring(0, MAX_CHARS) + "…" : best;
        return "According to " + file + ": " + quote;
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (w.length() < 2 || STOP.contains(w)) {
                continue;
            }
            out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
        }
        return out;
    }
}
