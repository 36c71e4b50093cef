package dev.agentbuilder.chat.offline.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The tool-call requests the offline model sends ({@link BuilderTools}: one string argument each), and whether the
 * draft shows that a call took effect. Stateless.
 */
final class ToolRequests {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private ToolRequests() {
    }

    static ToolExecutionRequest request(String id, String tool, String value) {
        String parameter = BuilderTools.argumentOf(tool);
        JsonObject arguments = new JsonObject();
        arguments.addProperty(parameter, value);
        return ToolExecutionRequest.builder().id(id).name(tool).arguments(GSON.toJson(arguments)).build();
    }

    /** The call's single argument, or empty when the arguments are not what this model would have sent. */
    static String argument(ToolExecutionRequest request) {
        try {
            JsonElement parsed = JsonParser.parseString(request.arguments() == null ? "" : request.arguments());
            if (!parsed.isJsonObject()) {
                return "";
            }
            for (Map.Entry<String, JsonElement> e : parsed.getAsJsonObject().entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    return e.getValue().getAsString();
                }
            }
            return "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Whether the draft shows the call's change; empty when that cannot be told (an unknown tool). Tool results
     * are not always flagged as errors, and the draft is the truth about what was applied.
     */
    static Optional<Boolean> showsIn(AgentDraft draft, ToolExecutionRequest request) {
        String value = argument(request).strip();
        String tool = request.name() == null ? "" : request.name();
        return switch (tool) {
            case BuilderTools.SET_NAME -> Optional.of(draft.name().equals(value));
            case BuilderTools.SET_DESCRIPTION -> Optional.of(draft.description().equals(value));
            case BuilderTools.SET_INSTRUCTIONS -> Optional.of(draft.instructions().equals(value));
            case BuilderTools.ADD_CONVERSATION_STARTER -> Optional.of(hasStarter(draft, value));
            case BuilderTools.REMOVE_CONVERSATION_STARTER -> Optional.of(!hasStarter(draft, value));
            case BuilderTools.ENABLE_CAPABILITY -> Capability.fromId(value).map(c -> draft.capabilities().contains(c));
            case BuilderTools.DISABLE_CAPABILITY -> Capability.fromId(value).map(c -> !draft.capabilities().contains(c));
            default -> Optional.empty();
        };
    }

    private static boolean hasStarter(AgentDraft draft, String starter) {
        return draft.conversationStarters().stream().anyMatch(s -> s.equalsIgnoreCase(starter));
    }
}
