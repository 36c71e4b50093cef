package dev.agentbuilder.chat.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change to the draft made by hand: each field that is not null replaces the draft's; the lists replace the
 * draft's lists as a whole. The limits are the builder's tools' limits, but a text field may be cleared.
 */
public record AgentChanges(
        String name,
        String description,
        String instructions,
        List<String> conversationStarters,
        List<String> capabilities) {

    public AgentChanges {
        conversationStarters = conversationStarters == null ? null : List.copyOf(conversationStarters);
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
    }

    /**
     * The draft with these changes, one version on: always a new version, even when nothing differs.
     *
     * @throws IllegalArgumentException naming the first field that breaks a limit; nothing is applied then
     */
    public AgentDraft applyTo(AgentDraft draft) {
        if (name == null && description == null && instructions == null && conversationStarters == null
                && capabilities == null) {
            throw new IllegalArgumentException("changes must hold at least one field");
        }
        String newName = name == null ? draft.name() : text("name", name, AgentDraft.MAX_NAME_CHARS, false);
        String newDescription = description == null
                ? draft.description()
                : text("description", description, AgentDraft.MAX_DESCRIPTION_CHARS, true);
        String newInstructions = instructions == null
                ? draft.instructions()
                : text("instructions", instructions, AgentDraft.MAX_INSTRUCTIONS_CHARS, true);
        List<String> starters = conversationStarters == null ? draft.conversationStarters() : checkedStarters();
        List<Capability> newCapabilities = capabilities == null ? draft.capabilities() : checkedCapabilities();
        return new AgentDraft(newName, newDescription, newInstructions, starters, newCapabilities,
                draft.version() + 1, draft.files());
    }

    /** The text stripped, if it is whole Unicode within {@code maxChars}, with line breaks only if multiline. */
    private static String text(String field, String value, int maxChars, boolean multiline) {
        String stripped = value.strip();
        if (TextRules.hasUnpairedSurrogate(stripped)) {
            throw new IllegalArgumentException(field + " must be valid Unicode text: it has half of a surrogate pair");
        }
        if (TextRules.hasControl(stripped, multiline)) {
            throw new IllegalArgumentException(field + " must not contain control characters"
                    + (multiline ? " other than tab and line breaks" : " or line breaks"));
        }
        int chars = TextRules.chars(stripped);
        if (chars > maxChars) {
            throw new IllegalArgumentException(field + " must be at most " + maxChars + " characters, was " + chars);
        }
        return stripped;
    }

    private List<String> checkedStarters() {
        if (conversationStarters.size() > AgentDraft.MAX_STARTERS) {
            throw new IllegalArgumentException("an agent has at most " + AgentDraft.MAX_STARTERS
                    + " conversation starters, not " + conversationStarters.size());
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String starter : conversationStarters) {
            if (starter.isBlank()) {
                throw new IllegalArgumentException("a conversation starter must not be empty");
            }
            String stripped = text("a conversation starter", starter, AgentDraft.MAX_STARTER_CHARS, false);
            if (!seen.add(stripped.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the conversation starter \"" + stripped + "\" is there twice");
            }
            out.add(stripped);
        }
        return out;
    }

    private List<Capability> checkedCapabilities() {
        List<Capability> out = new ArrayList<>();
        for (String id : capabilities) {
            out.add(Capability.fromId(id).filter(c -> c.id().equals(id)).orElseThrow(() ->
                    new IllegalArgumentException("unknown capability \"" + id + "\"; known: "
                            + Capability.allIds())));
        }
        return out;
    }
}
