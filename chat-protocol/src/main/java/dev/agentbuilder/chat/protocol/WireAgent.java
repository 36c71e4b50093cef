package dev.agentbuilder.chat.protocol;

import java.util.List;

/** The agent draft as it travels in {@code ready} and {@code agent_updated}. */
public record WireAgent(
        String name,
        String description,
        String instructions,
        List<String> conversationStarters,
        List<String> capabilities,
        long version) {

    public WireAgent {
        conversationStarters = conversationStarters == null ? List.of() : List.copyOf(conversationStarters);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
