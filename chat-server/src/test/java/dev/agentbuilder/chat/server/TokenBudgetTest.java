package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A daily token budget through the real server, a WebSocket client and a provider faked on loopback: the first turn
 * is answered, the next message is refused with quota_exceeded before the provider sees it, and the HTTP API's
 * thread metadata carries the thread's tokens.
 */
@Timeout(60)
class TokenBudgetTest {

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

    @Test
    void aUserWhoseTokensAreSpentIsRefusedInWordsAndTheProviderSeesNoRequestForIt() {
        provider = FakeProvider.start(Dialect.OPENAI);
        server = TestServer.withApi(b -> b.model(provider.model("sk-test")).tokensPerUserPerDay(300), o -> o);
        provider.answer(FakeProvider.stream().text("Hello! What should it do?").usage(250, 60));
        String renewsAt = LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00:00.000Z";

        WsRecorder alice = server.connect("t1", "alice");
        JsonObject quota = alice.expect("ready").getAsJsonObject("quota");
        assertThat(quota.get("used").getAsLong()).isZero();
        assertThat(quota.get("limit").getAsLong()).isEqualTo(300);
        assertThat(quota.get("renewsAt").getAsString()).isEqualTo(renewsAt);
        alice.sendUserMessage("I want an agent that plans trips", "m1");
        alice.framesThrough(f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
        provider.awaitRequest();

        WsRecorder elsewhere = server.connect("t2", "alice");
        assertThat(elsewhere.expect("ready").getAsJsonObject("quota").get("used").getAsLong()).isEqualTo(310);
        elsewhere.sendUserMessage("Another agent, please", "m2");
        JsonObject refused = elsewhere.awaitFrame("error");

        assertThat(refused.get("code").getAsString()).isEqualTo("quota_exceeded");
        assertThat(refused.get("clientMessageId").getAsString()).isEqualTo("m2");
        assertThat(refused.get("message").getAsString()).contains("300 tokens").contains(renewsAt.substring(0, 10));
        assertThat(refused.getAsJsonObject("quota").get("used").getAsLong()).isEqualTo(310);
        assertThat(provider.requestCount()).as("the provider saw only the first turn").isEqualTo(1);
        JsonObject t2 = new ApiClient(server).get("/v1/threads/t2").json();
        assertThat(t2.getAsJsonObject("thread").get("messageCount").getAsLong()).as("nothing stored").isZero();

        JsonObject t1 = new ApiClient(server).get("/v1/threads/t1").json().getAsJsonObject("thread");
        assertThat(t1.getAsJsonObject("usage").get("inputTokens").getAsLong()).isEqualTo(250);
        assertThat(t1.getAsJsonObject("usage").get("outputTokens").getAsLong()).isEqualTo(60);
        assertThat(Instant.parse(renewsAt)).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));
    }

    @Test
    void withoutABudgetReadyCarriesNoQuotaAndNothingIsRefused() {
        server = TestServer.start();
        WsRecorder alice = server.connect("t1", "alice");
        assertThat(alice.expect("ready").has("quota")).isFalse();
    }
}
