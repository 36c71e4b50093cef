package dev.agentbuilder.chat.server.internal.telemetry;

import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.EngineObserver.TurnOutcome;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The engine's turns as spans of the GenAI semantic conventions: a turn is {@code invoke_agent}, each model call in it
 * a child {@code chat {model}} ({@link ModelCallTrace}), each tool call a child {@code execute_tool {name}}, each write
 * of its outcome a child {@code chat.store {operation}}. Only ids, names, counts and outcomes are recorded, as the
 * engine gives nothing else: never a message, a tool's arguments or its result.
 *
 * <p>Called on the chat threads' executors, except the end of a write, which comes on a thread of the store. Nothing
 * here blocks: spans go to the SDK's batch processor, which drops them rather than wait when its queue is full.
 */
final class GenAiTracer implements EngineTracer {

    /** The instrumentation scope of the spans and metrics. */
    static final String SCOPE = "dev.agentbuilder.chat";

    private final Tracer tracer;
    private final GenAiMetrics metrics;
    private final ModelTarget model;
    /** The attributes of every model call: operation, provider, requested model and where it is. */
    private final Attributes callAttributes;

    GenAiTracer(OpenTelemetry otel, ModelTarget model) {
        this.tracer = otel.getTracer(SCOPE);
        this.metrics = new GenAiMetrics(otel.getMeter(SCOPE));
        this.model = model;
        AttributesBuilder call = Attributes.builder()
                .put(GenAi.OPERATION_NAME, GenAi.CHAT)
                .put(GenAi.PROVIDER_NAME, model.provider())
                .put(GenAi.REQUEST_MODEL, model.requestModel());
        if (!model.inProcess()) {
            call.put(GenAi.SERVER_ADDRESS, model.serverAddress()).put(GenAi.SERVER_PORT, model.serverPort());
        }
        this.callAttributes = call.build();
    }

    @Override
    public TurnSpan turnStarted(String threadId, Channel channel) {
        boolean builder = channel == Channel.BUILDER;
        Span span = tracer.spanBuilder(builder ? GenAi.INVOKE_AGENT + " " + GenAi.BUILDER_AGENT : GenAi.INVOKE_AGENT)
                .setNoParent()
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(GenAi.OPERATION_NAME, GenAi.INVOKE_AGENT)
                .setAttribute(GenAi.PROVIDER_NAME, model.provider())
                .setAttribute(GenAi.REQUEST_MODEL, model.requestModel())
                .setAttribute(GenAi.CONVERSATION_ID, threadId)
                .setAttribute(GenAi.AGENT_NAME, builder ? GenAi.BUILDER_AGENT : null)
                .setAttribute(GenAi.CHANNEL, channel.id())
                .startSpan();
        return new TurnTrace(span, threadId);
    }

    /** A low-cardinality name for a failed write: the exception's class, unwrapped; never its message. */
    static String errorType(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getName();
    }

    /** One turn's span and the parent of its children's. */
    private final class TurnTrace implements TurnSpan {

        private final Span span;
        private final Context context;
        private final String threadId;
        /**
         * The turn's {@code error.type} if it fails: the last model call's failure (cleared when a later call
         * completes) or a failed write's. Written on the thread's executor and, for writes, on the store's thread.
         */
        private volatile String lastError;

        TurnTrace(Span span, String threadId) {
            this.span = span;
            this.context = Context.root().with(span);
            this.threadId = threadId;
        }

        @Override
        public ModelCallSpan modelCall() {
            Span call = tracer.spanBuilder(GenAi.CHAT + " " + model.requestModel())
                    .setParent(context)
                    // In the process (the offline model) INTERNAL, as the conventions allow; a provider's is CLIENT.
                    .setSpanKind(model.inProcess() ? SpanKind.INTERNAL : SpanKind.CLIENT)
                    .setAllAttributes(callAttributes)
                    .setAttribute(GenAi.CONVERSATION_ID, threadId)
                    // Every call is streamed (a StreamingChatModel).
                    .setAttribute(GenAi.REQUEST_STREAM, true)
                    .startSpan();
            return new ModelCallTrace(call, callAttributes, metrics, reason -> lastError = reason);
        }

        @Override
        public ToolSpan toolCall(String name, String callId) {
            Span tool = tracer.spanBuilder(GenAi.EXECUTE_TOOL + " " + name)
                    .setParent(context)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(GenAi.OPERATION_NAME, GenAi.EXECUTE_TOOL)
                    .setAttribute(GenAi.TOOL_NAME, name)
                    .setAttribute(GenAi.TOOL_CALL_ID, callId)
                    .startSpan();
            return error -> {
                if (error) {
                    tool.setStatus(StatusCode.ERROR);
                    tool.setAttribute(GenAi.ERROR_TYPE, GenAi.TOOL_ERROR);
                }
                tool.end();
            };
        }

        @Override
        public WriteSpan storeWrite(String operation) {
            Span write = tracer.spanBuilder(GenAi.STORE_SPAN + " " + operation)
                    .setParent(context)
                    .setSpanKind(SpanKind.INTERNAL)
                    .setAttribute(GenAi.STORE_OPERATION, operation)
                    .startSpan();
            return failure -> {
                if (failure != null) {
                    String type = errorType(failure);
                    lastError = type;
                    write.setStatus(StatusCode.ERROR);
                    write.setAttribute(GenAi.ERROR_TYPE, type);
                }
                write.end();
            };
        }

        @Override
        public void ended(TurnOutcome outcome, Usage usage) {
            span.setAttribute(GenAi.TURN_OUTCOME, outcome.name().toLowerCase(Locale.ROOT));
            if (usage != null) {
                span.setAttribute(GenAi.INPUT_TOKENS, usage.inputTokens());
                span.setAttribute(GenAi.OUTPUT_TOKENS, usage.outputTokens());
            }
            if (outcome == TurnOutcome.FAILED) {
                String type = lastError;
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(GenAi.ERROR_TYPE, type == null ? GenAi.OTHER_ERROR : type);
            }
            span.end();
        }
    }
}
