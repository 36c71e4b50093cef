package dev.agentbuilder.chat.core;

import java.util.List;
import java.util.Optional;

/**
 * The system prompt that makes a model play the agent being built, for a preview: the draft's instructions, its
 * name and description, and what its capabilities let it do (described: a preview does not run them). It ends with
 * a card of the agent (the draft without its instructions, as compact JSON: one line) between {@code <agent>} tags,
 * so a model that plays many agents (the offline one) knows which.
 */
public final class PreviewPrompt {

    private static final String OPEN = "<agent>";
    private static final String CLOSE = "</agent>";

    private PreviewPrompt() {
    }

    public static String systemMessage(AgentDraft draft) {
        StringBuilder prompt = new StringBuilder();
        String name = draft.name().isBlank() ? "an assistant still being designed" : draft.name();
        prompt.append(draft.instructions().isBlank() ? "You are " + name + "." : draft.instructions()).append("\n\n");
        prompt.append("Your name is ").append(draft.name().isBlank() ? "not decided yet" : draft.name()).append(".");
        if (!draft.description().isBlank()) {
            prompt.append(" What you do: ").append(draft.description());
        }
        prompt.append('\n');
        List<Capability> described = draft.capabilities().stream()
                .filter(c -> c != Capability.FILE_SEARCH || draft.files().isEmpty()).toList();
        if (!described.isEmpty()) {
            prompt.append("Your capabilities: ");
            prompt.append(String.join(", ", described.stream().map(Capability::id).toList()));
            prompt.append(". This is a preview: they are not connected yet, so say what you would do with them.\n");
        }
        if (draft.capabilities().contains(Capability.FILE_SEARCH) && !draft.files().isEmpty()) {
            prompt.append("You search your knowledge files (")
                    .append(String.join(", ", draft.files().stream().map(AgentFile::name).toList()))
                    .append("): the passages found for a question come with it. Answer from them and name the file; "
                            + "when they do not answer it, say so instead of making an answer up.\n");
        }
        prompt.append("Stay in character. This is a preview of you while you are being built.\n");
        // The card leaves the instructions out: they open the prompt already, and may be long.
        AgentDraft card = new AgentDraft(draft.name(), draft.description(), "", draft.conversationStarters(),
                draft.capabilities(), draft.version(), draft.files());
        prompt.append(OPEN).append(DraftJson.toJson(card)).append(CLOSE).append('\n');
        return prompt.toString();
    }

    /**
     * The agent embedded in a system message written by {@link #systemMessage}, if there is one: everything but its
     * instructions, which are the text the message opens with.
     */
    public static Optional<AgentDraft> agentIn(String systemMessage) {
        String text = systemMessage == null ? "" : systemMessage.stripTrailing();
        String last = text.substring(text.lastIndexOf('\n') + 1);
        if (!last.startsWith(OPEN) || !last.endsWith(CLOSE)) {
            return Optional.empty();
        }
        return Optional.of(DraftJson.fromJson(last.substring(OPEN.length(), last.length() - CLOSE.length())));
    }
}
