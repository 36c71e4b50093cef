package dev.agentbuilder.chat.protocol;

import java.util.List;

/** The agent draft as it travels in {@code ready} and {@code agent_updated}. */
public record WireAgent(
        String name,
        String description,
        String instructions,
        List<String> conversationStarters,
        List<String> capabilities,
        long version,
        List<WireFile> files) {

    /** An agent without knowledge files. */
    public WireAgent(String name, String description, String instructions, List<String> conversationStarters,
            List<String> capabilities, long version) {
        this(name, description, instructions, conversationStarters, capabilities, version, null);
    }

    /** {@code files} is null when the agent has none, and is then left out of the JSON. */
    public WireAgent {
        conversationStarters = conversationStarters == null ? List.of() : List.copyOf(conversationStarters);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        files = files == null || files.isEmpty() ? null : List.copyOf(files);
    }

    /** The knowledge files, empty when there are none. */
    public List<WireFile> filesOrEmpty() {
        return files == null ? List.of() : files;
    }
}
