package dev.agentbuilder.chat.server.internal.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The GenAI client metrics of the conventions (docs/gen-ai/gen-ai-metrics.md), with the bucket boundaries they
 * give: tokens per model call, by type, and each model call's duration and time to its first chunk.
 *
 * <p>Thread-safe: the SDK's instruments are.
 */
final class GenAiMetrics {

    /** The conventions' ExplicitBucketBoundaries for {@code gen_ai.client.token.usage}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L);
    /** The conventions' ExplicitBucketBoundaries for the operation's duration and its time to the first chunk. */
    static final List<Double> SECONDS_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);

    private final LongHistogram tokens;
    private final DoubleHistogram duration;
    private final DoubleHistogram timeToFirstChunk;

    GenAiMetrics(Meter meter) {
        tokens = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs()
                .setUnit("{token}").setDescription("Number of input and output tokens used.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
        duration = meter.histogramBuilder("gen_ai.client.operation.duration")
                .setUnit("s").setDescription("GenAI operation duration.")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
        timeToFirstChunk = meter.histogramBuilder("gen_ai.client.operation.time_to_first_chunk")
                .setUnit("s").setDescription("Time to receive the first chunk, measured from when the client issues "
                        + "the generation request to when the first chunk is received in the response stream.")
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    /** One model call's tokens; {@code context} holds its span, for exemplars. */
    void tokens(long input, long output, Attributes call, Context context) {
        tokens.record(input, call.toBuilder().put(GenAi.TOKEN_TYPE, "input").build(), context);
        tokens.record(output, call.toBuilder().put(GenAi.TOKEN_TYPE, "output").build(), context);
    }

    void duration(double seconds, Attributes call, Context context) {
        duration.record(seconds, call, context);
    }

    void timeToFirstChunk(double seconds, Attributes call, Context context) {
        timeToFirstChunk.record(seconds, call, context);
    }
}
