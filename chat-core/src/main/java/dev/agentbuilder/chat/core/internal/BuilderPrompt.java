package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The system prompt that makes a model act as the agent builder. It ends with the current draft between
 * {@code <draft>} tags, rebuilt for every model call, so the model always sees the draft as it is now even when old
 * messages have left its chat memory.
 */
public final class BuilderPrompt {

    private static final Pattern DRAFT = Pattern.compile("<draft>(.*?)</draft>", Pattern.DOTALL);

    private static final String ROLE = """
            You are the Agent Builder. You help the user create a custom AI agent by chatting with them.
            Work in small steps:
            1. Ask what the agent should do, if you do not know yet.
            2. When you know its purpose, set a description and propose a short, memorable name.
            3. Write clear instructions for the agent from what the user said (its role, tone, rules, limits).
            4. Suggest a few conversation starters and the capabilities it needs \
            (web_search, code_interpreter, image_generation, file_search).
            Change the draft only through the tools; never claim a change you did not make with a tool.
            Keep replies short and friendly, say what you changed, and end with one question or suggestion \
            about what is still missing.
            """;

    private BuilderPrompt() {
    }

    public static String systemMessage(AgentDraft draft) {
        return ROLE + "\nThe current agent draft (JSON):\n<draft>" + DraftJson.toJson(draft) + "</draft>\n";
    }

    /** The draft embedded in a system message written by {@link #systemMessage}, if there is one. */
    public static Optional<AgentDraft> draftIn(String systemMessage) {
        Matcher m = DRAFT.matcher(systemMessage == null ? "" : systemMessage);
        return m.find() ? Optional.of(DraftJson.fromJson(m.group(1))) : Optional.empty();
    }
}
