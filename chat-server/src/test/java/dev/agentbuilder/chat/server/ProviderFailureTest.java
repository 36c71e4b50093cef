package dev.agentbuilder.chat.server;

import static dev.agentbuilder.chat.server.ProviderStreamingTest.assistantMessage;
import static dev.agentbuilder.chat.server.ProviderStreamingTest.isIdle;
import static dev.agentbuilder.chat.server.ProviderStreamingTest.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider that fails, in every way the issue lists: each ends the turn with {@code agent_error} and a message a
 * user can read, the thread goes idle, and the next message is answered normally. One retry, 10 ms apart.
 */
@Timeout(60)
class ProviderFailureTest {

    private static final String KEY = "sk-test-failures";

    private FakeProvider provider;
    private TestServer server;
    private WsRecorder client;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private void start(StreamingChatModel model, Duration firstToken, Duration idle) {
        server = TestServer.start(b -> b.model(model)
                .modelFirstTokenTimeout(firstToken)
                .modelIdleTimeout(idle)
                .modelRetries(1, Duration.ofMillis(10)));
        client = server.connect("t1", "u1");
        client.expect("ready");
    }

    /** Timeouts that a cold JVM's first request (langchain4j, Jackson, TLS classes loading) stays well within. */
    private void start(Dialect dialect) {
        start(dialect, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private void start(Dialect dialect, Duration firstToken, Duration idle) {
        provider = FakeProvider.start(dialect);
        start(provider.model(KEY), firstToken, idle);
    }

    /** Sends a message and returns the agent_error that ends its turn, after checking the thread went idle. */
    private JsonObject failedTurn(String content, String clientMessageId) {
        client.sendUserMessage(content, clientMessageId);
        return turnFailure(clientMessageId);
    }

    /** The rest of a turn that fails: no reply is stored, one agent_error, then idle. */
    private JsonObject turnFailure(String clientMessageId) {
        List<JsonObject> turn = client.framesThrough(ProviderStreamingTest::isIdle);
        assertThat(ofType(turn, "message")).as("no reply is stored")
                .allSatisfy(f -> assertThat(f.getAsJsonObject("message").get("role").getAsString()).isEqualTo("user"));
        JsonObject error = ofType(turn, "error").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no error in " + turn));
        assertThat(error.get("code").getAsString()).isEqualTo("agent_error");
        assertThat(error.get("clientMessageId").getAsString()).isEqualTo(clientMessageId);
        assertThat(error.get("message").getAsString()).doesNotContain(KEY).doesNotContain("HTTP")
                .doesNotContain("Exception").doesNotContain("\tat ").contains("Your message is kept");
        assertThat(isIdle(turn.get(turn.size() - 1))).isTrue();
        return error;
    }

    private void nextMessageIsAnsweredNormally() {
        provider.answer(FakeProvider.stream().text("Back to ").text("work.").usage(5, 3));
        client.sendUserMessage("are you there?", "next");
        JsonObject reply = assistantMessage(client.framesThrough(ProviderStreamingTest::isIdle));
        assertThat(reply.get("content").getAsString()).isEqualTo("Back to work.");
        assertThat(reply.has("usage")).isTrue();
        client.assertExhausted();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aProviderThatRefusesConnectionsIsReportedAsUnreachable(Dialect dialect) {
        FakeProvider gone = FakeProvider.start(dialect);
        int port = gone.port();
        String baseUrl = gone.baseUrl();
        gone.close();
        start(gone.model(baseUrl, KEY), Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(failedTurn("hello", "c1").get("message").getAsString()).contains("could not reach");

        provider = FakeProvider.start(dialect, port);
        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rejectedCredentialsAreReportedAndNotRetried(Dialect dialect) {
        start(dialect);
        provider.answer(new FakeProvider.Status(401, "{\"error\":{\"message\":\"invalid x-api-key\"}}"));

        assertThat(failedTurn("hello", "c1").get("message").getAsString()).contains("credentials");
        assertThat(provider.requestCount()).isEqualTo(1);

        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRateLimitIsRetriedAndTheUserOnlySeesTheAnswer(Dialect dialect) {
        start(dialect);
        provider.answer(new FakeProvider.Status(429, "{\"error\":{\"message\":\"rate limited\"}}"),
                FakeProvider.stream().text("Worth ").text("the wait."));

        client.sendUserMessage("hello", "c1");
        List<JsonObject> turn = client.framesThrough(ProviderStreamingTest::isIdle);

        assertThat(ofType(turn, "error")).isEmpty();
        assertThat(assistantMessage(turn).get("content").getAsString()).isEqualTo("Worth the wait.");
        assertThat(provider.requestCount()).isEqualTo(2);
        client.assertExhausted();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRateLimitThatOutlastsTheRetriesSaysTheProviderIsBusy(Dialect dialect) {
        start(dialect);
        FakeProvider.Status tooMany = new FakeProvider.Status(429, "{}");
        provider.answer(tooMany, tooMany);

        assertThat(failedTurn("hello", "c1").get("message").getAsString()).contains("busy");

        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aServerErrorIsRetriedThenReported(Dialect dialect) {
        start(dialect);
        FakeProvider.Status broken = new FakeProvider.Status(500, "{\"error\":\"boom\"}");
        provider.answer(broken, broken);

        assertThat(failedTurn("hello", "c1").get("message").getAsString()).contains("problem on its side");
        assertThat(provider.requestCount()).isEqualTo(2);

        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStreamThatDropsItsConnectionMidwayIsReportedAsBrokenOffAndNotRetried(Dialect dialect) {
        start(dialect);
        FakeProvider.Live live = new FakeProvider.Live();
        provider.answer(live);
        client.sendUserMessage("hello", "c1");
        live.text("Half of ");
        assertThat(client.awaitFrame("assistant_delta").get("delta").getAsString()).isEqualTo("Half of ");

        live.dropConnection();

        assertThat(turnFailure("c1").get("message").getAsString()).contains("broke off");
        assertThat(provider.requestCount()).isEqualTo(1);
        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStreamThatClosesBeforeItsEndIsNotTakenForAWholeAnswer(Dialect dialect) {
        start(dialect);
        FakeProvider.Live live = new FakeProvider.Live();
        provider.answer(live);
        client.sendUserMessage("hello", "c1");
        live.text("Half of ");
        assertThat(client.awaitFrame("assistant_delta").get("delta").getAsString()).isEqualTo("Half of ");

        live.endWithoutFinishing();

        assertThat(turnFailure("c1").get("message").getAsString()).contains("broke off");
        assertThat(provider.requestCount()).isEqualTo(1);
        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aStreamThatGoesSilentMidwayFailsAfterTheIdleTimeout(Dialect dialect) {
        start(dialect, Duration.ofSeconds(5), Duration.ofSeconds(1));
        FakeProvider.Live live = new FakeProvider.Live();
        provider.answer(live);
        client.sendUserMessage("hello", "c1");
        live.text("Let me think");
        assertThat(client.awaitFrame("assistant_delta").get("delta").getAsString()).isEqualTo("Let me think");

        assertThat(turnFailure("c1").get("message").getAsString()).contains("did not answer in time");
        assertThat(provider.requestCount()).isEqualTo(1);
        nextMessageIsAnsweredNormally();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aProviderThatSendsNoFirstTokenInTimeIsRetriedThenReported(Dialect dialect) {
        start(dialect, Duration.ofSeconds(1), Duration.ofSeconds(5));
        provider.answer(new FakeProvider.Silence(), new FakeProvider.Silence());

        assertThat(failedTurn("hello", "c1").get("message").getAsString()).contains("did not answer in time");
        assertThat(provider.requestCount()).isEqualTo(2);

        nextMessageIsAnsweredNormally();
    }
}
