package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import java.util.ArrayList;
import java.util.List;

/**
 * The text replies that do not report tool results: welcome, help, notes, the fallback, and the "what next" line
 * every reply ends with. Stateless.
 */
final class ReplyWriter {

    static final String FALLBACK = "Sorry, I could not work that out. Could you say it another way? For example: "
            + "\"Call it Wanderlust\" or \"Enable web search\".";

    private static final String EXAMPLES = """
            You can say things like:
            - "I want an agent that helps me plan trips"
            - "Call it Wanderlust"
            - "It should always answer in French"
            - "Add a conversation starter: Plan a weekend in Rome"
            - "Enable web search" (or code interpreter, image generation, file search; "Disable ..." to switch off)
            - "description: ..." or "instructions: ..." to write them yourself""";

    private ReplyWriter() {
    }

    static String welcome(AgentDraft draft) {
        String text = "Hi! I'm the Agent Builder. I help you create your own AI agent — its name, description, "
                + "instructions, conversation starters and capabilities — just by chatting.";
        if (draft.missingFields().contains("description")) {
            return text + "\n\nWhat should your agent do? For example: \"I want an agent that helps me plan trips\".";
        }
        return text + "\n\n" + nextStep(draft, false);
    }

    /** @param confused whether the user asked for something this model did not understand */
    static String help(AgentDraft draft, boolean confused) {
        String opening = confused
                ? "Sorry, I didn't find a change to make in that message."
                : "Here's how I can help.";
        return opening + " " + status(draft) + "\n\n" + EXAMPLES;
    }

    /** For requests that needed no tool call ("web search is already on"). */
    static String notes(List<String> notes, AgentDraft draft) {
        return String.join(" ", notes) + "\n\n" + nextStep(draft, false);
    }

    /** Where the draft stands, in one sentence. */
    static String status(AgentDraft draft) {
        List<String> missing = draft.missingFields();
        if (missing.isEmpty()) {
            return "Your agent looks complete.";
        }
        List<String> fields = new ArrayList<>();
        missing.forEach(f -> fields.add(Words.field(f)));
        return "Your agent still needs " + Words.list(fields) + ".";
    }

    /**
     * What is still missing and the next step, or optional improvements when nothing is.
     *
     * @param startersSuggested whether the reply already suggested starters, so they are not suggested twice
     */
    static String nextStep(AgentDraft draft, boolean startersSuggested) {
        List<String> missing = draft.missingFields();
        if (missing.isEmpty()) {
            return complete(draft);
        }
        String first = missing.get(0);
        String step = switch (first) {
            case "description" -> "Next, tell me what the agent should do — for example \"I want an agent that "
                    + "helps me plan trips\".";
            case "name" -> "Next, give it a name — for example \"Call it Wanderlust\".";
            case "instructions" -> "Next, tell me how it should behave — for example \"It should always answer "
                    + "in French\".";
            default -> startersSuggested ? "" : "Next, add a conversation starter — for example \"Add a conversation "
                    + "starter: " + Suggestions.starter(Suggestions.taskFromDescription(draft.description())) + "\".";
        };
        return (status(draft) + " " + step).strip();
    }

    private static String complete(AgentDraft draft) {
        List<String> ideas = new ArrayList<>();
        List<Capability> capabilities = Suggestions.capabilities(draft.description(), draft);
        if (!capabilities.isEmpty()) {
            Capability c = capabilities.get(0);
            ideas.add("switch on " + Words.capability(c) + " " + Suggestions.reason(c) + " (say \""
                    + Suggestions.enablePhrase(c) + "\")");
        }
        if (draft.conversationStarters().size() < AgentDraft.MAX_STARTERS) {
            ideas.add("add more conversation starters (it has " + draft.conversationStarters().size() + " of "
                    + AgentDraft.MAX_STARTERS + ")");
        }
        String text = "Your agent looks complete!";
        return ideas.isEmpty() ? text : text + " Optional improvements: " + String.join(", or ", ideas) + ".";
    }
}
