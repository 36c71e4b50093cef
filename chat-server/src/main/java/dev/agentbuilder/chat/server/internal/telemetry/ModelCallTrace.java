package dev.agentbuilder.chat.server.internal.telemetry;

import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.function.Consumer;

/**
 * One model call's {@code chat {model}} span and its metrics: its duration, its time to the first chunk, and its
 * tokens (what the provider reported, or the engine's estimate when it reported none).
 *
 * <p>Confined to the chat thread's executor, which the engine calls it on.
 */
final class ModelCallTrace implements EngineTracer.ModelCallSpan {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Span span;
    /** The span in a context: what the metrics' exemplars link to. */
    private final Context context;
    private final Attributes callAttributes;
    private final GenAiMetrics metrics;
    /** Told how the call ended, for the turn's {@code error.type}: its failure's, or null when it completed. */
    private final Consumer<String> outcomes;
    private final long startNanos = System.nanoTime();
    private boolean chunked;
    private boolean ended;

    ModelCallTrace(Span span, Attributes callAttributes, GenAiMetrics metrics, Consumer<String> outcomes) {
        this.span = span;
        this.context = Context.root().with(span);
        this.callAttributes = callAttributes;
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
    }

    @Override
    public void firstChunk() {
        if (chunked || ended) {
            return;
        }
        chunked = true;
        double seconds = seconds();
        span.setAttribute(GenAi.TIME_TO_FIRST_CHUNK, seconds);
        metrics.timeToFirstChunk(seconds, callAttributes, context);
    }

    @Override
    public void completed(String responseModel, Usage usage, String finishReason) {
        if (ended) {
            return;
        }
        ended = true;
        AttributesBuilder measured = callAttributes.toBuilder();
        if (responseModel != null) {
            span.setAttribute(GenAi.RESPONSE_MODEL, responseModel);
            measured.put(GenAi.RESPONSE_MODEL, responseModel);
        }
        if (finishReason != null) {
            span.setAttribute(GenAi.FINISH_REASONS, List.of(finishReason));
        }
        if (usage != null) {
            span.setAttribute(GenAi.INPUT_TOKENS, usage.inputTokens());
            span.setAttribute(GenAi.OUTPUT_TOKENS, usage.outputTokens());
        }
        Attributes attributes = measured.build();
        metrics.duration(seconds(), attributes, context);
        if (usage != null) {
            metrics.tokens(usage.inputTokens(), usage.outputTokens(), attributes, context);
        }
        // A failure that a retry got past is not why the turn may fail later.
        outcomes.accept(null);
        span.end();
    }

    @Override
    public void failed(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        String type = reason == null ? GenAi.OTHER_ERROR : reason;
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(GenAi.ERROR_TYPE, type);
        metrics.duration(seconds(), callAttributes.toBuilder().put(GenAi.ERROR_TYPE, type).build(), context);
        if (!GenAi.CANCELLED.equals(type)) {
            outcomes.accept(type);
        }
        span.end();
    }
}
