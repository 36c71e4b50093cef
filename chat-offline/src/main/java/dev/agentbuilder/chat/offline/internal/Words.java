package dev.agentbuilder.chat.offline.internal;

import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import java.util.List;

/** How the replies name tools, fields and capabilities. Stateless. */
final class Words {

    private static final int MAX_QUOTED_CHARS = 60;

    private Words() {
    }

    static String capability(Capability capability) {
        return switch (capability) {
            case WEB_SEARCH -> "web search";
            case CODE_INTERPRETER -> "code interpreter";
            case IMAGE_GENERATION -> "image generation";
            case FILE_SEARCH -> "file search";
        };
    }

    static String capability(String id) {
        return Capability.fromId(id).map(Words::capability).orElse("\"" + shorten(id) + "\"");
    }

    /** What a tool call does, to finish "I could not ...". */
    static String action(String tool, String value) {
        return switch (tool) {
            case BuilderTools.SET_NAME -> "set the name to \"" + shorten(value) + "\"";
            case BuilderTools.SET_DESCRIPTION -> "set the description";
            case BuilderTools.SET_INSTRUCTIONS -> "update the instructions";
            case BuilderTools.ADD_CONVERSATION_STARTER -> "add the conversation starter \"" + shorten(value) + "\"";
            case BuilderTools.REMOVE_CONVERSATION_STARTER -> "remove the conversation starter \"" + shorten(value) + "\"";
            case BuilderTools.ENABLE_CAPABILITY -> "switch on " + capability(value);
            case BuilderTools.DISABLE_CAPABILITY -> "switch off " + capability(value);
            default -> "run " + (tool.isBlank() ? "a tool" : shorten(tool));
        };
    }

    /** A field from {@code AgentDraft.missingFields()} as a reply would say it. */
    static String field(String missingField) {
        return switch (missingField) {
            case "description" -> "a description";
            case "name" -> "a name";
            case "instructions" -> "instructions";
            case "conversationStarters" -> "conversation starters";
            default -> missingField;
        };
    }

    /** "a, b and c". */
    static String list(List<String> items) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** Ends a sentence that may already end in a quoted one: {@code set to "Hi."} gets no second full stop. */
    static String endSentence(String text) {
        String t = text.stripTrailing();
        return t.matches("(?s).*[.!?…][\"”]?$") ? t : t + ".";
    }

    /** Long values are cut when quoted back, so a reply stays readable. */
    static String shorten(String value) {
        String v = Wording.collapseSpaces(value);
        return v.length() <= MAX_QUOTED_CHARS ? v : v.substring(0, MAX_QUOTED_CHARS - 1).stripTrailing() + "…";
    }
}
