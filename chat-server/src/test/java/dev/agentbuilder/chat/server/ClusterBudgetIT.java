package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.server.FakeProvider.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A daily token budget on two packaged nodes sharing PostgreSQL: the tokens one node's turn used count on the other,
 * which refuses the user's next message before the provider (faked on loopback) sees it.
 */
@Timeout(120)
class ClusterBudgetIT {

    @Test
    void aUserWhoseTokensWereSpentOnOneNodeIsRefusedOnTheOtherAndTheProviderSeesNoRequestForIt() throws Exception {
        try (FakeProvider provider = FakeProvider.start(Dialect.OPENAI);
                Cluster cluster = new Cluster(PostgresServer.shared().createDatabase(), "postgres", null,
                        List.of("--model", "openai", "--model-name", "fake-model", "--base-url", provider.baseUrl(),
                                "--tokens-per-user-per-day", "300"),
                        Map.of("OPENAI_API_KEY", "sk-test-budget"))) {
            cluster.start(2);
            provider.answer(FakeProvider.stream().text("Hello! What should it do?").usage(250, 60));

            WsRecorder first = cluster.connect(0, "budget-1", 0);
            assertThat(first.expect("ready").getAsJsonObject("quota").get("used").getAsLong()).isZero();
            first.sendUserMessage("I want an agent that plans trips", "m1");
            first.framesThrough(f -> f.get("type").getAsString().equals("message")
                    && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
            provider.awaitRequest();

            WsRecorder sameThread = cluster.connect(1, "budget-1", 0);
            assertThat(sameThread.expect("ready").getAsJsonObject("quota").get("used").getAsLong())
                    .as("the first node's tokens, read on the second").isEqualTo(310);
            sameThread.sendUserMessage("Call it Wanderlust", "m2");
            JsonObject refused = sameThread.awaitFrame("error");
            assertThat(refused.get("code").getAsString()).isEqualTo("quota_exceeded");
            assertThat(refused.get("clientMessageId").getAsString()).isEqualTo("m2");

            WsRecorder otherThread = cluster.connect(0, "budget-2", 0);
            otherThread.expect("ready");
            otherThread.sendUserMessage("Another agent", "m3");
            assertThat(otherThread.awaitFrame("error").get("code").getAsString()).isEqualTo("quota_exceeded");

            assertThat(provider.requestCount()).as("the provider saw only the first turn").isEqualTo(1);
            cluster.audit(List.of("budget-1", "budget-2"), List.of(0, 1));
            assertThat(cluster.history(1, "budget-1")).as("the refused message was not stored")
                    .noneMatch(f -> f.toString().contains("Call it Wanderlust"));
            assertThat(cluster.history(0, "budget-2")).isEmpty();
        }
    }
}
