package dev.agentbuilder.chat.server;

import static dev.agentbuilder.chat.server.ProviderStreamingTest.assistantMessage;
import static dev.agentbuilder.chat.server.ProviderStreamingTest.isIdle;
import static dev.agentbuilder.chat.server.ProviderStreamingTest.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged jar on a real provider API (a fake one on loopback), as users run it: shading must keep everything
 * the providers need, the key comes from the environment, and it reaches no log line even at DEBUG.
 */
@Timeout(120)
class ProviderJarIT {

    private static final String KEY = "sk-jar-Vx93-not-for-logs";

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theJarBuildsAnAgentOnTheProviderAndNeverLogsTheKey(Dialect dialect) throws Exception {
        try (FakeProvider provider = FakeProvider.start(dialect)) {
            provider.answer(
                    FakeProvider.stream().text("Calling it ").tool("call_1", "set_name", "{\"name\":\"Globetrotter\"}")
                            .usage(40, 9),
                    FakeProvider.stream().text("Globetrotter").text(" it is.").usage(60, 4),
                    new FakeProvider.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                            + "\"}}"));
            String keyVariable = dialect == Dialect.OPENAI ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
            String model = dialect == Dialect.OPENAI ? "openai" : "anthropic";
            try (ServerProcess server = ServerProcess.start(Map.of(keyVariable, KEY, "CHAT_LOG_LEVEL", "DEBUG"),
                    "--host", "127.0.0.1", "--port", "0", "--store", "memory", "--model", model,
                    "--model-name", "fake-model", "--base-url", provider.baseUrl())) {
                int port = server.awaitPort();
                WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=jar&userId=u1");
                client.expect("ready");

                client.sendUserMessage("I want an agent for my travels", "c1");
                List<JsonObject> turn = client.framesThrough(ProviderStreamingTest::isIdle);
                client.sendUserMessage("and now?", "c2");
                List<JsonObject> failed = client.framesThrough(ProviderStreamingTest::isIdle);
                client.close();
                server.terminate();

                assertThat(ofType(turn, "agent_updated")).singleElement().satisfies(f ->
                        assertThat(f.getAsJsonObject("agent").get("name").getAsString()).isEqualTo("Globetrotter"));
                JsonObject reply = assistantMessage(turn);
                assertThat(reply.get("content").getAsString()).isEqualTo(ofType(turn, "assistant_delta").stream()
                        .map(f -> f.get("delta").getAsString()).collect(Collectors.joining()))
                        .isEqualTo("Calling it Globetrotter it is.");
                assertThat(reply.getAsJsonObject("usage").get("outputTokens").getAsInt()).isEqualTo(13);
                assertThat(ofType(failed, "error")).singleElement().satisfies(e ->
                        assertThat(e.get("message").getAsString()).contains("credentials"));
                assertThat(isIdle(failed.get(failed.size() - 1))).isTrue();

                FakeProvider.Request first = provider.awaitRequest();
                assertThat(dialect == Dialect.OPENAI ? first.header("Authorization") : first.header("x-api-key"))
                        .isEqualTo(dialect == Dialect.OPENAI ? "Bearer " + KEY : KEY);
                assertThat(server.awaitExit()).isZero();
                assertThat(server.output())
                        .contains("model: " + model + " fake-model at " + provider.baseUrl())
                        .contains("DEBUG", "unauthorized")
                        .doesNotContain("Vx93")
                        .doesNotContain("travels")
                        .doesNotContain("Exception in thread");
            }
        }
    }

    @Test
    void withoutItsKeyTheJarRefusesToStartAndSaysWhichVariableToSet() throws Exception {
        try (ServerProcess server = ServerProcess.start("--model", "anthropic", "--store", "memory", "--port", "0")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.output()).contains("chat-server: --model anthropic needs an API key")
                    .contains("ANTHROPIC_API_KEY")
                    .doesNotContain("\tat ");
        }
    }
}
