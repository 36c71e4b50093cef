package dev.agentbuilder.chat.protocol;

import java.util.List;

/**
 * The {@code changes} of an {@code update_agent} frame: each field that is not null replaces the draft's. The
 * lists replace the draft's lists as a whole. Null fields are left out of the JSON.
 */
public record WireAgentChanges(
        String name,
        String description,
        String instructions,
        List<String> conversationStarters,
        List<String> capabilities) {

    /** The field names {@code changes} may hold, in the order the draft lists them. */
    public static final List<String> FIELDS =
            List.of("name", "description", "instructions", "conversationStarters", "capabilities");

    public WireAgentChanges {
        conversationStarters = conversationStarters == null ? null : List.copyOf(conversationStarters);
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
    }
}
