package dev.agentbuilder.chat.core;

import static dev.agentbuilder.chat.core.BuilderTools.ADD_CONVERSATION_STARTER;
import static dev.agentbuilder.chat.core.BuilderTools.DISABLE_CAPABILITY;
import static dev.agentbuilder.chat.core.BuilderTools.ENABLE_CAPABILITY;
import static dev.agentbuilder.chat.core.BuilderTools.REMOVE_CONVERSATION_STARTER;
import static dev.agentbuilder.chat.core.BuilderTools.SET_DESCRIPTION;
import static dev.agentbuilder.chat.core.BuilderTools.SET_INSTRUCTIONS;
import static dev.agentbuilder.chat.core.BuilderTools.SET_NAME;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Objects;

/**
 * The builder's tools as Java methods that edit a draft: langchain4j reads their specifications from the
 * annotations, and its executor calls them. Each validates its arguments and throws {@link IllegalArgumentException}
 * with a message for the model when they are bad; the executor turns that into an error result, and nothing is
 * applied. Package-private: {@link BuilderTools} is the way in.
 *
 * <p>Confined to one {@link BuilderTools#apply} call.
 */
final class DraftEditor {

    private AgentDraft draft;

    DraftEditor(AgentDraft draft) {
        this.draft = Objects.requireNonNull(draft, "draft");
    }

    AgentDraft draft() {
        return draft;
    }

    @Tool(name = SET_NAME, value = "Sets the agent's name: short and memorable, at most 80 characters.")
    public String setName(@P("the new name") String name) {
        String value = requireText("name", name, AgentDraft.MAX_NAME_CHARS);
        draft = draft.withName(value);
        return "Name set to \"" + value + "\".";
    }

    @Tool(name = SET_DESCRIPTION, value = "Sets the agent's description: one or two sentences, at most 500 characters.")
    public String setDescription(@P("the new description") String description) {
        String value = requireText("description", description, AgentDraft.MAX_DESCRIPTION_CHARS);
        draft = draft.withDescription(value);
        return "Description set.";
    }

    @Tool(name = SET_INSTRUCTIONS, value = "Replaces the agent's instructions (its system prompt) with the full new "
            + "text, at most 8000 characters. To add a rule, send the current instructions with the rule added.")
    public String setInstructions(@P("the complete new instructions") String instructions) {
        String value = requireText("instructions", instructions, AgentDraft.MAX_INSTRUCTIONS_CHARS);
        draft = draft.withInstructions(value);
        return "Instructions updated.";
    }

    @Tool(name = ADD_CONVERSATION_STARTER, value = "Adds a conversation starter: a first message a user might send "
            + "to the agent, at most 200 characters. The agent has at most 8.")
    public String addConversationStarter(@P("the starter text") String starter) {
        String value = requireText("starter", starter, AgentDraft.MAX_STARTER_CHARS);
        AgentDraft next = draft.withStarter(value);
        if (next.conversationStarters().size() > AgentDraft.MAX_STARTERS) {
            throw new IllegalArgumentException("the agent already has " + AgentDraft.MAX_STARTERS
                    + " conversation starters; remove one first");
        }
        boolean added = next != draft;
        draft = next;
        return added ? "Conversation starter added." : "That conversation starter is already there.";
    }

    @Tool(name = REMOVE_CONVERSATION_STARTER, value = "Removes a conversation starter, given its exact text.")
    public String removeConversationStarter(@P("the starter text") String starter) {
        String value = requireText("starter", starter, AgentDraft.MAX_STARTER_CHARS);
        AgentDraft next = draft.withoutStarter(value);
        if (next == draft) {
            throw new IllegalArgumentException("no conversation starter \"" + value + "\"");
        }
        draft = next;
        return "Conversation starter removed.";
    }

    @Tool(name = ENABLE_CAPABILITY, value = "Switches on a capability: web_search, code_interpreter, "
            + "image_generation or file_search.")
    public String enableCapability(@P("the capability id") String capability) {
        Capability c = requireCapability(capability);
        draft = draft.withCapability(c, true);
        return "Capability " + c.id() + " enabled.";
    }

    @Tool(name = DISABLE_CAPABILITY, value = "Switches off a capability: web_search, code_interpreter, "
            + "image_generation or file_search.")
    public String disableCapability(@P("the capability id") String capability) {
        Capability c = requireCapability(capability);
        draft = draft.withCapability(c, false);
        return "Capability " + c.id() + " disabled.";
    }

    private static String requireText(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        String trimmed = value.strip();
        int chars = TextRules.chars(trimmed);
        if (chars > maxChars) {
            throw new IllegalArgumentException(field + " must be at most " + maxChars + " characters, was " + chars);
        }
        if (TextRules.hasUnpairedSurrogate(trimmed) || TextRules.hasControl(trimmed, true)) {
            throw new IllegalArgumentException(field + " must be plain text, without control characters");
        }
        return trimmed;
    }

    private static Capability requireCapability(String id) {
        return Capability.fromId(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown capability \"" + id + "\"; known: " + Capability.allIds()));
    }
}
