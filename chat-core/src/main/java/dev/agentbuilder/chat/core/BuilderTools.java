package dev.agentbuilder.chat.core;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tools the agent builder's model is offered to change the draft: their names, their one argument each, the
 * specifications sent with every model request, and what a call does to a draft. A model (the offline one, or a test
 * of a prompt) can rely on these names; the engine runs every tool call through {@link #apply}. Stateless.
 */
public final class BuilderTools {

    public static final String SET_NAME = "set_name";
    public static final String SET_DESCRIPTION = "set_description";
    public static final String SET_INSTRUCTIONS = "set_instructions";
    public static final String ADD_CONVERSATION_STARTER = "add_conversation_starter";
    public static final String REMOVE_CONVERSATION_STARTER = "remove_conversation_starter";
    public static final String ENABLE_CAPABILITY = "enable_capability";
    public static final String DISABLE_CAPABILITY = "disable_capability";

    private static final List<ToolSpecification> SPECIFICATIONS =
            ToolSpecifications.toolSpecificationsFrom(DraftEditor.class);

    private static final Map<String, ToolSpecification> SPECS_BY_NAME = SPECIFICATIONS.stream()
            .collect(Collectors.toUnmodifiableMap(ToolSpecification::name, s -> s));

    private static final Map<String, Method> METHODS = Arrays.stream(DraftEditor.class.getMethods())
            .filter(m -> m.isAnnotationPresent(Tool.class))
            .collect(Collectors.toUnmodifiableMap(m -> m.getAnnotation(Tool.class).name(), m -> m));

    private static final String TOOL_NAMES = METHODS.keySet().stream().sorted().collect(Collectors.joining(", "));

    private BuilderTools() {
    }

    /** The specifications of every tool, as each model request carries them. */
    public static List<ToolSpecification> specifications() {
        return SPECIFICATIONS;
    }

    /**
     * The name of the one argument {@code tool} takes, for example {@code name} for {@link #SET_NAME}.
     *
     * @throws IllegalArgumentException for a name that is not one of the builder's tools
     */
    public static String argumentOf(String tool) {
        ToolSpecification spec = SPECS_BY_NAME.get(tool);
        if (spec == null) {
            throw new IllegalArgumentException("not a builder tool: " + tool + "; tools: " + TOOL_NAMES);
        }
        return spec.parameters().properties().keySet().iterator().next();
    }

    /**
     * Runs one tool call on {@code draft}, as the engine does: through langchain4j's own tool executor, with the
     * arguments checked strictly first. A bad or unknown call is an error result for the model, never applied and
     * never thrown. Runs on the caller's thread and touches nothing else.
     */
    public static Applied apply(AgentDraft draft, ToolExecutionRequest call) {
        Objects.requireNonNull(draft, "draft");
        Method method = METHODS.get(call.name());
        if (method == null) {
            return new Applied(draft, "Error: there is no tool named \"" + call.name() + "\". Tools: " + TOOL_NAMES,
                    true);
        }
        Optional<String> bad = badArguments(SPECS_BY_NAME.get(call.name()), call.arguments());
        if (bad.isPresent()) {
            return new Applied(draft, "Error: invalid arguments for " + call.name() + ": " + bad.get(), true);
        }
        DraftEditor editor = new DraftEditor(draft);
        try {
            ToolExecutionResult result = new DefaultToolExecutor(editor, method)
                    .executeWithContext(call, InvocationContext.builder().build());
            return result.isError()
                    ? new Applied(draft, "Error: " + result.resultText(), true)
                    : new Applied(editor.draft(), result.resultText(), false);
        } catch (RuntimeException e) {
            return new Applied(draft, "Error: invalid arguments for " + call.name() + ": " + rootMessage(e), true);
        }
    }

    /**
     * What a tool call did.
     *
     * @param draft  the draft after the call: the one given when the call failed or changed nothing
     * @param result what the model is told, starting with {@code Error:} when the call failed
     * @param error  whether the call failed
     */
    public record Applied(AgentDraft draft, String result, boolean error) {
        public Applied {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(result, "result");
        }
    }


    /**
     * langchain4j's executor is lenient: it turns an object into its {@code toString()} for a string parameter and
     * ignores arguments it does not know. A model should learn it got the call wrong instead, so the arguments must
     * be a JSON object holding exactly the declared parameters, each a string.
     */
    private static Optional<String> badArguments(ToolSpecification spec, String arguments) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(arguments == null || arguments.isBlank() ? "{}" : arguments);
        } catch (JsonParseException e) {
            return Optional.of("the arguments are not valid JSON");
        }
        if (!parsed.isJsonObject()) {
            return Optional.of("the arguments must be a JSON object");
        }
        Map<String, JsonSchemaElement> declared = spec.parameters() == null
                ? Map.of()
                : spec.parameters().properties();
        for (Map.Entry<String, JsonElement> argument : parsed.getAsJsonObject().entrySet()) {
            JsonSchemaElement schema = declared.get(argument.getKey());
            if (schema == null) {
                return Optional.of("unknown argument \"" + argument.getKey() + "\"; expected: "
                        + String.join(", ", declared.keySet()));
            }
            JsonElement value = argument.getValue();
            if (schema instanceof JsonStringSchema
                    && !(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString())) {
                return Optional.of(argument.getKey() + " must be a string");
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
