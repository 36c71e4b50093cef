package dev.agentbuilder.chat.server.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.EngineObserver.TurnOutcome;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.Usage;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the tracer records what goes wrong, and a provider's calls: each on the SDK, with its spans handed over as they
 * end and its metrics read on demand (OpenTelemetryIT sends a whole turn over OTLP to a receiver).
 */
class GenAiTracerTest {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final OnDemandReader metrics = new OnDemandReader();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new Recorder())).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    private final EngineTracer tracer = new GenAiTracer(sdk, ModelTarget.of(TelemetryTest.OFFLINE));

    @AfterEach
    void shutdown() {
        sdk.close();
    }

    @Test
    void aModelCallThatFailsIsAnErrorWithItsReasonAndSoIsTheTurnItFailed() {
        EngineTracer.TurnSpan turn = tracer.turnStarted("t1", Channel.BUILDER);
        EngineTracer.ModelCallSpan call = turn.modelCall();
        call.firstChunk();
        call.failed("timeout");
        turn.ended(TurnOutcome.FAILED, null);

        SpanData chat = span("chat offline");
        assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(chat.getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("timeout");
        assertThat(chat.getAttributes().get(GenAi.TIME_TO_FIRST_CHUNK)).isNotNull();
        assertThat(chat.getKind()).isEqualTo(SpanKind.INTERNAL);
        SpanData agent = span("invoke_agent agent-builder");
        assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(agent.getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("timeout");
        assertThat(agent.getAttributes().get(GenAi.TURN_OUTCOME)).isEqualTo("failed");
        assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
        HistogramPointData duration = onlyPoint("gen_ai.client.operation.duration");
        assertThat(duration.getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("timeout");
        assertThat(duration.getCount()).isEqualTo(1);
    }

    @Test
    void aFailureThatARetryGotPastIsNotWhyTheTurnFailed() {
        EngineTracer.TurnSpan turn = tracer.turnStarted("t1", Channel.BUILDER);
        turn.modelCall().failed("rate_limited");
        turn.modelCall().completed("offline-builder", new Usage(5, 5), "stop");
        turn.ended(TurnOutcome.FAILED, new Usage(5, 5));

        assertThat(spans).filteredOn(s -> s.getName().equals("chat offline"))
                .extracting(s -> s.getAttributes().get(GenAi.ERROR_TYPE)).containsExactly("rate_limited", null);
        assertThat(span("invoke_agent agent-builder").getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("_OTHER");
    }

    @Test
    void aStoppedTurnIsNoErrorThoughItsInterruptedCallIsCancelled() {
        EngineTracer.TurnSpan turn = tracer.turnStarted("t1", Channel.BUILDER);
        turn.modelCall().failed("cancelled");
        turn.ended(TurnOutcome.CANCELLED, new Usage(3, 0));

        assertThat(span("chat offline").getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("cancelled");
        SpanData agent = span("invoke_agent agent-builder");
        assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(agent.getAttributes().get(GenAi.ERROR_TYPE)).isNull();
        assertThat(agent.getAttributes().get(GenAi.TURN_OUTCOME)).isEqualTo("cancelled");
        assertThat(agent.getAttributes().get(GenAi.INPUT_TOKENS)).isEqualTo(3);
    }

    @Test
    void aToolThatAnswersWithAnErrorAndAWriteThatFailsAreErrorsNamedByTypeNeverByMessage() {
        EngineTracer.TurnSpan turn = tracer.turnStarted("t1", Channel.BUILDER);
        turn.toolCall("set_name", "call-1").ended(true);
        turn.toolCall("set_description", "call-2").ended(false);
        turn.storeWrite("reply").ended(new CompletionException(new SQLException("row for 'plan trips' too long")));
        turn.ended(TurnOutcome.FAILED, null);

        SpanData failedTool = span("execute_tool set_name");
        assertThat(failedTool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failedTool.getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("tool_error");
        assertThat(failedTool.getAttributes().get(GenAi.TOOL_CALL_ID)).isEqualTo("call-1");
        assertThat(span("execute_tool set_description").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        SpanData write = span("chat.store reply");
        assertThat(write.getAttributes().get(GenAi.ERROR_TYPE)).isEqualTo("java.sql.SQLException");
        assertThat(span("invoke_agent agent-builder").getAttributes().get(GenAi.ERROR_TYPE))
                .isEqualTo("java.sql.SQLException");
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getStatus().getDescription()).doesNotContain("plan trips");
            assertThat(span.getEvents()).isEmpty();
        });
    }

    @Test
    void aProvidersCallIsAClientSpanThatNamesItsServerAndCountsTokensByType() {
        ModelSettings ollama = ModelSettings.resolve(ModelSettings.Provider.OPENAI, "llama3.1",
                "http://localhost:11434/v1", null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), name -> null);
        EngineTracer provider = new GenAiTracer(sdk, ModelTarget.of(ollama));
        EngineTracer.TurnSpan turn = provider.turnStarted("t2", Channel.PREVIEW);
        turn.modelCall().completed("llama3.1:8b", new Usage(120, 30), "stop");
        turn.ended(TurnOutcome.COMPLETED, new Usage(120, 30));

        SpanData chat = span("chat llama3.1");
        assertThat(chat.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(chat.getAttributes().get(GenAi.PROVIDER_NAME)).isEqualTo("openai");
        assertThat(chat.getAttributes().get(GenAi.SERVER_ADDRESS)).isEqualTo("localhost");
        assertThat(chat.getAttributes().get(GenAi.SERVER_PORT)).isEqualTo(11434);
        assertThat(chat.getAttributes().get(GenAi.RESPONSE_MODEL)).isEqualTo("llama3.1:8b");
        assertThat(chat.getAttributes().get(GenAi.FINISH_REASONS)).containsExactly("stop");
        assertThat(chat.getAttributes().get(GenAi.CONVERSATION_ID)).isEqualTo("t2");
        SpanData agent = span("invoke_agent");
        assertThat(agent.getAttributes().get(GenAi.AGENT_NAME)).as("a preview's agent is named by its user").isNull();
        assertThat(agent.getAttributes().get(GenAi.CHANNEL)).isEqualTo("preview");
        MetricData tokens = metric("gen_ai.client.token.usage");
        assertThat(tokens.getHistogramData().getPoints()).extracting(p -> p.getAttributes().get(GenAi.TOKEN_TYPE),
                HistogramPointData::getSum).containsExactlyInAnyOrder(tuple("input", 120.0), tuple("output", 30.0));
        assertThat(tokens.getHistogramData().getPoints()).allSatisfy(p -> {
            assertThat(p.getAttributes().get(GenAi.RESPONSE_MODEL)).isEqualTo("llama3.1:8b");
            // An exemplar leads from the figure to the call's span.
            assertThat(p.getExemplars()).anySatisfy(e -> assertThat(e.getSpanContext().getSpanId())
                    .isEqualTo(chat.getSpanId()));
        });
    }

    private SpanData span(String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return named.get(0);
    }

    private MetricData metric(String name) {
        return metrics.registration.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private HistogramPointData onlyPoint(String name) {
        Collection<HistogramPointData> points = metric(name).getHistogramData().getPoints();
        assertThat(points).hasSize(1);
        return points.iterator().next();
    }

    /** Every span as it ends. */
    private final class Recorder implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> ended) {
            spans.addAll(ended);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Collects the metrics when the test asks. */
    private static final class OnDemandReader implements MetricReader {
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
