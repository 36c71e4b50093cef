package dev.agentbuilder.chat.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a preview's user message carries the passages of the agent's knowledge files found for it: the question, then
 * a {@code <knowledge>} block with the passages (each headed {@code [n] file name}) or, when none was close enough, a
 * note that the files do not cover it. The model sees it in that one call only; the chat memory keeps the question
 * alone. A model that plays many agents (the offline one) reads it back with {@link #parse}.
 */
public final class KnowledgePrompt {

    private static final String OPEN = "<knowledge>";
    private static final String CLOSE = "</knowledge>";
    private static final String NONE = "No passage of your knowledge files is about this.";
    private static final Pattern HEAD = Pattern.compile("^\\[(\\d+)] (.+)$", Pattern.MULTILINE);

    private KnowledgePrompt() {
    }

    /** The question with the passages found for it, best first; none found when {@code passages} is empty. */
    public static String augment(String question, List<Citation> passages) {
        StringBuilder text = new StringBuilder(question).append("\n\n").append(OPEN).append('\n');
        if (passages.isEmpty()) {
            text.append(NONE).append(" Say that your files do not cover it; do not make an answer up.\n");
        } else {
            text.append("Answer from these passages of your knowledge files, and name the file you answer from. If "
                    + "they do not hold the answer, say that your files do not cover it.\n");
            for (int i = 0; i < passages.size(); i++) {
                Citation c = passages.get(i);
                // A passage holding the closing tag would end the block early for a reader of it.
                text.append('[').append(i + 1).append("] ").append(c.fileName()).append('\n')
                        .append(c.text().replace(CLOSE, "</ knowledge>").strip()).append("\n\n");
            }
        }
        return text.append(CLOSE).toString();
    }

    /** What {@link #augment} wrote: the question, and the passages as file name and text, best first. */
    public record Augmented(String question, List<Passage> passages) {
        public Augmented {
            passages = List.copyOf(passages);
        }
    }

    /** A passage as the prompt shows it. */
    public record Passage(String fileName, String text) {
    }

    /** The question and passages of a message {@link #augment} wrote; empty for any other text. */
    public static Optional<Augmented> parse(String userText) {
        if (userText == null || !userText.stripTrailing().endsWith(CLOSE)) {
            return Optional.empty();
        }
        String text = userText.stripTrailing();
        int open = text.lastIndexOf("\n\n" + OPEN + "\n");
        if (open < 0) {
            return Optional.empty();
        }
        String question = text.substring(0, open);
        String block = text.substring(open + OPEN.length() + 3, text.length() - CLOSE.length());
        List<Passage> passages = new ArrayList<>();
        Matcher head = HEAD.matcher(block);
        List<int[]> heads = new ArrayList<>();
        while (head.find()) {
            heads.add(new int[] {head.start(), head.end()});
        }
        for (int i = 0; i < heads.size(); i++) {
            int bodyEnd = i + 1 < heads.size() ? heads.get(i + 1)[0] : block.length();
            Matcher m = HEAD.matcher(block.substring(heads.get(i)[0], heads.get(i)[1]));
            if (m.matches()) {
                passages.add(new Passage(m.group(2), block.substring(heads.get(i)[1], bodyEnd).strip()));
            }
        }
        return Optional.of(new Augmented(question, passages));
    }
}
