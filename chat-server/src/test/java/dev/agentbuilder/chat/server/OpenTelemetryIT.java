package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.BuilderTools;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged server, started with {@code OTEL_EXPORTER_OTLP_ENDPOINT}, sends one turn of the offline builder to a
 * real OTLP/HTTP receiver on loopback as spans and metrics of the GenAI semantic conventions, and never the text of
 * a message.
 */
@Timeout(120)
class OpenTelemetryIT {

    private static final String THREAD = "otel-thread";
    private static final String USER_TEXT = "I want an agent that helps me plan trips";

    @Test
    void aTurnArrivesAsGenAiSpansAndMetricsNamingTheThreadAndNeverTheMessages() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                ServerProcess server = ServerProcess.start(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "OTEL_BSP_SCHEDULE_DELAY", "50",
                        // Longer than the test: the metrics arrive only because the server's stop flushes them.
                        "OTEL_METRIC_EXPORT_INTERVAL", "600000"),
                        "--host", "127.0.0.1", "--port", "0", "--store", "memory", "--offline-chunk-delay", "0")) {
            int port = server.awaitPort();
            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=" + THREAD + "&userId=u1");
            client.expect("ready");
            client.sendUserMessage(USER_TEXT, "c1");
            List<JsonObject> turn = client.framesThrough(ProviderStreamingTest::isIdle);
            String reply = ProviderStreamingTest.assistantMessage(turn).get("content").getAsString();
            List<JsonObject> drafts = ProviderStreamingTest.ofType(turn, "agent_updated");
            String agentName = drafts.get(drafts.size() - 1).getAsJsonObject("agent").get("name").getAsString();
            assertThat(agentName).as("the name a tool call gave the agent").isNotBlank();

            // The turn's span ends last, once its reply is stored.
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.spans().stream().anyMatch(s -> s.getName().startsWith("invoke_agent")));
            client.close();
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("OpenTelemetry on: traces otlp, metrics otlp, logs none");

            List<Span> spans = receiver.spans();
            Span agent = only(spans, "invoke_agent agent-builder");
            assertThat(agent.getParentSpanId().isEmpty()).as("a turn is a root span").isTrue();
            assertThat(agent.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
            assertThat(string(agent, "gen_ai.operation.name")).isEqualTo("invoke_agent");
            assertThat(string(agent, "gen_ai.agent.name")).isEqualTo("agent-builder");
            assertThat(string(agent, "gen_ai.provider.name")).isEqualTo("offline");
            assertThat(string(agent, "gen_ai.conversation.id")).isEqualTo(THREAD);
            assertThat(string(agent, "chat.channel")).isEqualTo("builder");
            assertThat(string(agent, "chat.turn.outcome")).isEqualTo("completed");
            assertThat(integer(agent, "gen_ai.usage.input_tokens")).isPositive();
            assertThat(integer(agent, "gen_ai.usage.output_tokens")).isPositive();
            assertThat(agent.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);

            List<Span> calls = named(spans, "chat offline");
            assertThat(calls).as("a call that asks for tools, then one that answers").hasSizeGreaterThanOrEqualTo(2);
            assertThat(calls).allSatisfy(call -> {
                assertThat(isChildOf(call, agent)).isTrue();
                assertThat(string(call, "gen_ai.operation.name")).isEqualTo("chat");
                assertThat(string(call, "gen_ai.provider.name")).isEqualTo("offline");
                assertThat(string(call, "gen_ai.request.model")).isEqualTo("offline");
                assertThat(string(call, "gen_ai.response.model")).isEqualTo("offline-builder");
                assertThat(string(call, "gen_ai.conversation.id")).isEqualTo(THREAD);
                assertThat(attribute(call, "gen_ai.request.stream").getBoolValue()).isTrue();
                assertThat(integer(call, "gen_ai.usage.input_tokens")).isPositive();
                assertThat(integer(call, "gen_ai.usage.output_tokens")).isPositive();
                assertThat(attribute(call, "gen_ai.response.time_to_first_chunk").getDoubleValue())
                        .isGreaterThanOrEqualTo(0);
                assertThat(call.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
            });
            assertThat(calls).map(call -> strings(call, "gen_ai.response.finish_reasons"))
                    .contains(List.of("tool_execution"), List.of("stop"));

            List<Span> tools = spans.stream().filter(s -> s.getName().startsWith("execute_tool ")).toList();
            assertThat(tools).map(Span::getName).contains("execute_tool " + BuilderTools.SET_NAME);
            assertThat(tools).allSatisfy(tool -> {
                assertThat(isChildOf(tool, agent)).isTrue();
                assertThat(string(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
                assertThat(tool.getName()).isEqualTo("execute_tool " + string(tool, "gen_ai.tool.name"));
                assertThat(string(tool, "gen_ai.tool.call.id")).isNotBlank();
            });

            assertThat(spans).filteredOn(s -> s.getName().startsWith("chat.store ")).map(Span::getName)
                    .contains("chat.store drafts", "chat.store reply");
            assertThat(spans).filteredOn(s -> s.getName().startsWith("chat.store ")).allSatisfy(write -> {
                assertThat(isChildOf(write, agent)).isTrue();
                assertThat(write.getName()).isEqualTo("chat.store " + string(write, "chat.store.operation"));
            });
            assertThat(receiver.serviceNames()).containsExactly("chat-server");

            Metric tokens = metric(receiver, "gen_ai.client.token.usage");
            assertThat(tokens.getUnit()).isEqualTo("{token}");
            assertThat(tokens.getHistogram().getDataPointsList()).map(p -> string(p.getAttributesList(),
                    "gen_ai.token.type")).contains("input", "output");
            assertThat(tokens.getHistogram().getDataPointsList()).allSatisfy(p -> {
                assertThat(p.getSum()).isPositive();
                assertThat(string(p.getAttributesList(), "gen_ai.provider.name")).isEqualTo("offline");
                assertThat(p.getExplicitBoundsList()).containsExactly(1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d,
                        65536d, 262144d, 1048576d, 4194304d, 16777216d, 67108864d);
            });
            Metric duration = metric(receiver, "gen_ai.client.operation.duration");
            assertThat(duration.getUnit()).isEqualTo("s");
            assertThat(duration.getHistogram().getDataPointsList().stream().mapToLong(HistogramDataPoint::getCount)
                    .sum()).isEqualTo(calls.size());
            assertThat(duration.getHistogram().getDataPointsList()).allSatisfy(p -> {
                assertThat(string(p.getAttributesList(), "gen_ai.operation.name")).isEqualTo("chat");
                assertThat(p.getExplicitBoundsList()).containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64,
                        1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
            });

            // Nothing a person wrote or read: not the message, not the reply, not what the tools were asked to set.
            List<String> secrets = new java.util.ArrayList<>(List.of(USER_TEXT, "plan trips", reply, agentName));
            Arrays.stream(reply.split("[.!?\\n]")).map(String::strip).filter(s -> s.length() >= 12)
                    .forEach(secrets::add);
            assertThat(receiver.payloads()).isNotEmpty().allSatisfy(payload -> {
                assertThat(payload.contentType()).isEqualTo("application/x-protobuf");
                assertThat(payload.text()).as("a payload to %s", payload.path()).doesNotContain(secrets);
            });
        }
    }

    private static List<Span> named(List<Span> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).toList();
    }

    private static Span only(List<Span> spans, String name) {
        assertThat(named(spans, name)).as("spans named %s among %s", name, spans.stream().map(Span::getName).toList())
                .hasSize(1);
        return named(spans, name).get(0);
    }

    private static boolean isChildOf(Span child, Span parent) {
        return child.getTraceId().equals(parent.getTraceId()) && child.getParentSpanId().equals(parent.getSpanId());
    }

    private static Metric metric(OtlpReceiver receiver, String name) {
        List<Metric> found = receiver.metrics().stream().filter(m -> m.getName().equals(name)).toList();
        assertThat(found).as("metric %s", name).hasSize(1);
        return found.get(0);
    }

    private static AnyValue attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue)
                .findFirst().orElseThrow(() -> new AssertionError(span.getName() + " has no " + key + ": "
                        + span.getAttributesList()));
    }

    private static String string(Span span, String key) {
        return attribute(span, key).getStringValue();
    }

    private static String string(List<KeyValue> attributes, String key) {
        return OtlpReceiver.string(attributes, key);
    }

    private static long integer(Span span, String key) {
        return attribute(span, key).getIntValue();
    }

    private static List<String> strings(Span span, String key) {
        return attribute(span, key).getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
    }
}
