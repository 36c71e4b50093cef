package dev.agentbuilder.chat.core.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the model's tool calls against a copy of the draft, through langchain4j's own tool executor (argument
 * parsing and error results included). A bad or unknown call becomes an error result for the model; it is never
 * applied and never thrown. Confined to the session's executor, one instance per model response.
 */
final class ToolBox {

    static final List<ToolSpecification> SPECIFICATIONS = ToolSpecifications.toolSpecificationsFrom(DraftTools.class);

    private static final Map<String, Method> METHODS = Arrays.stream(DraftTools.class.getMethods())
            .filter(m -> m.isAnnotationPresent(Tool.class))
            .collect(Collectors.toUnmodifiableMap(m -> m.getAnnotation(Tool.class).name(), m -> m));

    private static final String TOOL_NAMES = METHODS.keySet().stream().sorted().collect(Collectors.joining(", "));

    private static final Map<String, ToolSpecification> SPECS_BY_NAME = SPECIFICATIONS.stream()
            .collect(Collectors.toUnmodifiableMap(ToolSpecification::name, s -> s));

    private final DraftTools tools;
    private final Map<String, ToolExecutor> executors = new HashMap<>();
    private final InvocationContext context;

    ToolBox(String threadId, AgentDraft draft) {
        this.tools = new DraftTools(draft);
        METHODS.forEach((name, method) -> executors.put(name, new DefaultToolExecutor(tools, method)));
        this.context = InvocationContext.builder().chatMemoryId(threadId).build();
    }

    /** The draft with every successful call so far applied. */
    AgentDraft draft() {
        return tools.draft();
    }

    Result execute(ToolExecutionRequest request) {
        ToolExecutor executor = executors.get(request.name());
        if (executor == null) {
            return new Result("Error: there is no tool named \"" + request.name() + "\". Tools: " + TOOL_NAMES, true);
        }
        Optional<String> bad = badArguments(SPECS_BY_NAME.get(request.name()), request.arguments());
        if (bad.isPresent()) {
            return new Result("Error: invalid arguments for " + request.name() + ": " + bad.get(), true);
        }
        try {
            ToolExecutionResult result = executor.executeWithContext(request, context);
            return result.isError()
                    ? new Result("Error: " + result.resultText(), true)
                    : new Result(result.resultText(), false);
        } catch (RuntimeException e) {
            return new Result("Error: invalid arguments for " + request.name() + ": " + rootMessage(e), true);
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

    record Result(String text, boolean error) {
    }
}
