package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** The builder on a real provider's API (a fake one on loopback), through the real server and a WebSocket client. */
@Timeout(60)
class ProviderStreamingTest {

    static final String KEY = "sk-test-Zq81-never-log-me";

    private FakeProvider provider;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private WsRecorder connect(Dialect dialect) {
        provider = FakeProvider.start(dialect);
        server = TestServer.start(b -> b.model(provider.model(KEY)).modelRetries(1, Duration.ofMillis(10)));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        return client;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void repliesStreamInOrderToolCallsChangeTheDraftMidReplyAndTheReplyIsTheDeltasWithUsage(Dialect dialect) {
        WsRecorder client = connect(dialect);
        provider.answer(
                FakeProvider.stream().text("Let me ").text("name it. ")
                        .tool("call_1", "set_name", "{\"name\":", " \"Trip Pal\"}")
                        .tool("call_2", "add_conversation_starter", "{\"starter\": \"Plan a weekend in Rome\"}")
                        .usage(100, 20),
                FakeProvider.stream().text("Done: it is ").text("Trip Pal.").usage(130, 8));

        client.sendUserMessage("I want an agent that plans trips", "c1");
        List<JsonObject> turn = client.framesThrough(ProviderStreamingTest::isIdle);

        List<String> kinds = turn.stream().map(ProviderStreamingTest::kind).toList();
        assertThat(kinds).containsSubsequence("delta:Let me ", "delta:name it. ", "agent_updated", "agent_updated",
                "delta:Done: it is ", "delta:Trip Pal.", "message:assistant", "status:idle");
        List<JsonObject> drafts = ofType(turn, "agent_updated").stream().map(f -> f.getAsJsonObject("agent")).toList();
        assertThat(drafts).hasSize(2);
        assertThat(drafts.get(0).get("name").getAsString()).isEqualTo("Trip Pal");
        assertThat(drafts.get(1).getAsJsonArray("conversationStarters").get(0).getAsString())
                .isEqualTo("Plan a weekend in Rome");
        JsonObject reply = assistantMessage(turn);
        String deltas = ofType(turn, "assistant_delta").stream()
                .map(f -> f.get("delta").getAsString()).collect(Collectors.joining());
        assertThat(reply.get("content").getAsString()).isEqualTo(deltas)
                .isEqualTo("Let me name it. Done: it is Trip Pal.");
        assertThat(reply.has("stopped")).isFalse();
        assertThat(reply.getAsJsonObject("usage").get("inputTokens").getAsInt()).isEqualTo(230);
        assertThat(reply.getAsJsonObject("usage").get("outputTokens").getAsInt()).isEqualTo(28);
        client.assertExhausted();

        FakeProvider.Request first = provider.awaitRequest();
        FakeProvider.Request second = provider.awaitRequest();
        assertThat(first.body().get("model").getAsString()).isEqualTo("fake-model");
        assertThat(first.body().get("stream").getAsBoolean()).isTrue();
        assertThat(first.body().toString()).contains("set_name", "enable_capability", "Agent Builder",
                "I want an agent that plans trips");
        assertThat(second.body().toString()).as("each tool call ran once, its result went back to the model")
                .contains("call_1", "Name set to", "call_2", "Conversation starter added")
                .doesNotContain("already there");
        if (dialect == Dialect.OPENAI) {
            assertThat(first.body().getAsJsonObject("stream_options").get("include_usage").getAsBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theApiKeyIsSentAsTheProviderExpects(Dialect dialect) {
        WsRecorder client = connect(dialect);
        provider.answer(FakeProvider.stream().text("Hi"));

        client.sendUserMessage("hello", "c1");
        client.framesThrough(ProviderStreamingTest::isIdle);

        FakeProvider.Request request = provider.awaitRequest();
        if (dialect == Dialect.OPENAI) {
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        } else {
            assertThat(request.header("x-api-key")).isEqualTo(KEY);
            assertThat(request.header("anthropic-version")).isNotBlank();
            assertThat(request.header("Authorization")).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void cancelInTheMiddleOfAStreamClosesTheProvidersConnectionAndKeepsThePartialReply(Dialect dialect)
            throws InterruptedException {
        WsRecorder client = connect(dialect);
        FakeProvider.Live live = new FakeProvider.Live();
        provider.answer(live, FakeProvider.stream().text("Fresh start"));
        client.sendUserMessage("tell me a long story", "c1");

        live.text("Once upon ");
        assertThat(client.awaitFrame("assistant_delta").get("delta").getAsString()).isEqualTo("Once upon ");
        client.send("{\"type\":\"cancel\"}");

        JsonObject reply = assistantMessage(client.framesThrough(ProviderStreamingTest::isIdle));
        assertThat(reply.get("content").getAsString()).isEqualTo("Once upon ");
        assertThat(reply.get("stopped").getAsBoolean()).isTrue();
        assertThat(live.awaitClientClosed()).as("the provider saw its connection closed").isTrue();

        client.sendUserMessage("again", "c2");
        assertThat(assistantMessage(client.framesThrough(ProviderStreamingTest::isIdle)).get("content")
                .getAsString()).isEqualTo("Fresh start");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theApiKeyAppearsInNoLogLineEvenWhenTheProviderEchoesIt(Dialect dialect) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Level level = root.getLevel();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        try {
            WsRecorder client = connect(dialect);
            provider.answer(new FakeProvider.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + KEY + "\"}}"), FakeProvider.stream().text("Hello"));

            client.sendUserMessage("hello", "c1");
            JsonObject error = client.awaitFrame("error");
            client.awaitFrame("status");
            client.sendUserMessage("hello again", "c2");
            client.framesThrough(ProviderStreamingTest::isIdle);

            assertThat(error.get("message").getAsString()).contains("credentials").doesNotContain(KEY);
        } finally {
            root.setLevel(level);
            root.detachAppender(logs);
        }
        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("unauthorized"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("Zq81"));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("hello again"));
    }

    static boolean isIdle(JsonObject frame) {
        return frame.get("type").getAsString().equals("status") && frame.get("state").getAsString().equals("idle");
    }

    static List<JsonObject> ofType(List<JsonObject> frames, String type) {
        return frames.stream().filter(f -> f.get("type").getAsString().equals(type)).toList();
    }

    static JsonObject assistantMessage(List<JsonObject> frames) {
        return ofType(frames, "message").stream().map(f -> f.getAsJsonObject("message"))
                .filter(m -> m.get("role").getAsString().equals("assistant"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no assistant message in " + frames));
    }

    private static String kind(JsonObject frame) {
        String type = frame.get("type").getAsString();
        return switch (type) {
            case "assistant_delta" -> "delta:" + frame.get("delta").getAsString();
            case "message" -> "message:" + frame.getAsJsonObject("message").get("role").getAsString();
            case "status" -> "status:" + frame.get("state").getAsString();
            default -> type;
        };
    }
}
