package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged server's Prometheus metrics move with real traffic: a turn, a model failure, a refused connection. */
@Timeout(120)
class MetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String scrape(int admin) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + admin + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        return response.body();
    }

    /** The value of the sample with exactly this name and labels; 0 when there is none yet. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The upper bounds of a histogram's buckets, +Inf left out, for the series with these labels. */
    private static List<Double> bucketBounds(String metrics, String histogram, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(histogram + "_bucket{" + labels)
                + ",?le=\"([0-9.eE+-]+)\"\\} ").matcher(metrics);
        List<Double> bounds = new ArrayList<>();
        while (m.find()) {
            bounds.add(Double.parseDouble(m.group(1)));
        }
        return bounds;
    }

    @Test
    void aFreshServerShowsEveryOutcomeReasonAndRefusalCodeAtZeroAndBucketsForLongTurns() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store", "memory")) {
            server.awaitPort();
            String fresh = scrape(server.adminPort());

            // Present before their first event, so that rate() and increase() count that event.
            List<String> zeros = new ArrayList<>();
            for (String outcome : List.of("completed", "cancelled", "failed")) {
                zeros.add("chat_turns_total{outcome=\"" + outcome + "\"}");
                zeros.add("chat_turn_duration_seconds_count{outcome=\"" + outcome + "\"}");
            }
            for (String reason : List.of("unauthorized", "rate_limited", "provider_error", "unreachable", "timeout",
                    "broke_off", "model_not_found", "refused", "other")) {
                zeros.add("chat_model_errors_total{reason=\"" + reason + "\"}");
            }
            for (String code : List.of("1001", "4400", "4401", "4403", "4429")) {
                zeros.add("chat_connections_refused_total{code=\"" + code + "\"}");
            }
            for (String reason : List.of("request", "retention")) {
                zeros.add("chat_threads_deleted_total{reason=\"" + reason + "\"}");
            }
            assertThat(zeros).allSatisfy(sample -> assertThat(fresh).containsPattern(
                    "(?m)^" + Pattern.quote(sample) + " 0(\\.0)?$"));

            // Long turns and slow first words land in buckets of their own, not only in +Inf past 30 s.
            assertThat(bucketBounds(fresh, "chat_turn_duration_seconds", "outcome=\"completed\""))
                    .anyMatch(le -> le > 30).anyMatch(le -> le >= 500);
            assertThat(bucketBounds(fresh, "chat_first_delta_seconds", "")).anyMatch(le -> le >= 100);
        }
    }

    @Test
    void aTurnAModelFailureAndARefusedConnectionShowInTheMetrics() throws Exception {
        try (FakeProvider provider = FakeProvider.start(Dialect.OPENAI)) {
            provider.answer(FakeProvider.stream().text("Happy").text(" to help.").usage(10, 2),
                    new FakeProvider.Status(401, "{\"error\":{\"message\":\"bad key\"}}"));
            try (ServerProcess server = ServerProcess.start(Map.of("OPENAI_API_KEY", "sk-metrics-test"),
                    "--host", "127.0.0.1", "--port", "0", "--store", "memory", "--model", "openai",
                    "--model-name", "fake-model", "--base-url", provider.baseUrl(), "--log-format", "json")) {
                int port = server.awaitPort();
                int admin = server.adminPort();
                String before = scrape(admin);
                assertThat(value(before, "chat_turns_total{outcome=\"completed\"}")).isZero();

                WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=m&userId=u1");
                client.expect("ready");
                client.sendUserMessage("I want an agent for my travels", "c1");
                client.framesThrough(ProviderStreamingTest::isIdle);
                client.sendUserMessage("and now?", "c2");
                client.framesThrough(ProviderStreamingTest::isIdle);
                // No userId: refused with the invalid-request close code.
                WsRecorder refused = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=m");
                int code = refused.awaitClose();

                // The refused connection's close reaches its client before the server has counted it gone.
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> value(scrape(admin), "chat_connections") == 1);
                String after = scrape(admin);
                assertThat(value(after, "chat_turns_total{outcome=\"completed\"}")).isEqualTo(1);
                assertThat(value(after, "chat_turns_total{outcome=\"failed\"}")).isEqualTo(1);
                assertThat(value(after, "chat_model_errors_total{reason=\"unauthorized\"}")).isEqualTo(1);
                assertThat(value(after, "chat_connections_refused_total{code=\"" + code + "\"}")).isEqualTo(1);
                assertThat(value(after, "chat_messages_received_total")).isEqualTo(2);
                assertThat(value(after, "chat_frames_sent_total")).isGreaterThan(5);
                assertThat(value(after, "chat_connections")).isEqualTo(1);
                assertThat(value(after, "chat_threads_active")).isEqualTo(1);
                assertThat(value(after, "chat_turn_duration_seconds_count{outcome=\"completed\"}")).isEqualTo(1);
                assertThat(value(after, "chat_first_delta_seconds_count")).isEqualTo(1);
                assertThat(value(after, "chat_store_write_seconds_count{outcome=\"ok\"}")).isGreaterThanOrEqualTo(3);
                assertThat(after).contains("jvm_memory_used_bytes", "process_cpu_usage",
                        "chat_turn_duration_seconds_bucket").doesNotContain("threadId");
                // The Grafana dashboard shipped in docs/ asks only for metrics the server has.
                Matcher used = Pattern.compile("(chat|jvm|process)_[a-z_]+").matcher(
                        Files.readString(Path.of("..", "docs", "grafana-dashboard.json")));
                while (used.find()) {
                    assertThat(after).as("metric %s of the dashboard", used.group()).contains(used.group());
                }
                // A chat thread's work logs with its threadId in the MDC (here, the failed turn's WARN line).
                assertThat(server.output().lines().map(line -> JsonParser.parseString(line).getAsJsonObject())
                        .filter(line -> line.getAsJsonObject("mdc").has("threadId")))
                        .anySatisfy(line -> {
                            assertThat(line.getAsJsonObject("mdc").get("threadId").getAsString()).isEqualTo("m");
                            assertThat(line.get("formattedMessage").getAsString()).contains("turn failed");
                        });
                client.close();
            }
        }
    }
}
