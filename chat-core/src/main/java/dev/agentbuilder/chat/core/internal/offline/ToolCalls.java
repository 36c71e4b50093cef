package dev.agentbuilder.chat.core.internal.offline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.internal.DraftTools;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The draft tools as the model sees them: their names, the one argument each takes, and whether the draft shows a
 * call took effect. Argument names must match {@link DraftTools}' Java parameter names (compiled with
 * {@code -parameters}), which is what langchain4j's executor looks up. Stateless.
 */
final class ToolCalls {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private static final Map<String, String> PARAMETERS = Map.of(
            DraftTools.SET_NAME, "name",
            DraftTools.SET_DESCRIPTION, "description",
            DraftTools.SET_INSTRUCTIONS, "instructions",
            DraftTools.ADD_CONVERSATION_STARTER, "starter",
            DraftTools.REMOVE_CONVERSATION_STARTER, "starter",
            DraftTools.ENABLE_CAPABILITY, "capability",
            DraftTools.DISABLE_CAPABILITY, "capability");

    private ToolCalls() {
    }

    static ToolExecutionRequest request(String id, String tool, String value) {
        String parameter = PARAMETERS.get(tool);
        if (parameter == null) {
            throw new IllegalArgumentException("not a draft tool: " + tool);
        }
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
            case DraftTools.SET_NAME -> Optional.of(draft.name().equals(value));
            case DraftTools.SET_DESCRIPTION -> Optional.of(draft.description().equals(value));
            case DraftTools.SET_INSTRUCTIONS -> Optional.of(draft.instructions().equals(value));
            case DraftTools.ADD_CONVERSATION_STARTER -> Optional.of(hasStarter(draft, value));
            case DraftTools.REMOVE_CONVERSATION_STARTER -> Optional.of(!hasStarter(draft, value));
            case DraftTools.ENABLE_CAPABILITY -> Capability.fromId(value).map(c -> draft.capabilities().contains(c));
            case DraftTools.DISABLE_CAPABILITY -> Capability.fromId(value).map(c -> !draft.capabilities().contains(c));
            default -> Optional.empty();
        };
    }

    private static boolean hasStarter(AgentDraft draft, String starter) {
        return draft.conversationStarters().stream().anyMatch(s -> s.equalsIgnoreCase(starter));
    }
}
