package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HistoryAndBenchTest {

    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void historyPrintsEveryStoredMessageWithItsTimeAndRole() {
        server = TestServer.start();
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "h1", "--user", "alice",
                "I want an agent that helps me plan trips").exitCode()).isZero();
        // Another connection of the same user: a thread belongs to the user who opened it.
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "h1", "--user", "alice", "Call it Wanderlust")
                .exitCode()).isZero();

        Cli.Result history = Cli.run("history", "--url", server.url(), "--thread", "h1", "--user", "alice");

        assertThat(history.exitCode()).isZero();
        List<String> starts = history.outLines().stream().filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList();
        assertThat(starts).hasSize(4);
        assertThat(starts.get(0)).matches(".*Z  you  I want an agent that helps me plan trips");
        assertThat(starts.get(1)).contains("Z  builder  ");
        assertThat(starts.get(2)).endsWith("  you  Call it Wanderlust");
        assertThat(starts.get(3)).contains("Wanderlust");
        assertThat(history.out()).doesNotContain("agent_updated");
    }

    @Test
    void historyJsonPrintsOneMessageFramePerLineInSeqOrder() {
        server = TestServer.start();
        Cli.run("send", "--url", server.url(), "--thread", "h2", "--user", "alice", "Enable web search");

        Cli.Result history = Cli.run("history", "--json", "--url", server.url(), "--thread", "h2", "--user", "alice");

        List<JsonObject> frames = history.outLines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .toList();
        assertThat(frames).extracting(f -> f.get("type").getAsString()).containsOnly("message");
        assertThat(frames).extracting(f -> f.getAsJsonObject("message").get("role").getAsString())
                .containsExactly("user", "assistant");
        assertThat(frames.get(0).get("seq").getAsLong()).isLessThan(frames.get(1).get("seq").getAsLong());
    }

    @Test
    void historyMarksTheMessagesOfThePreviewAndNamesTheAgentThatAnswered() {
        server = TestServer.start();
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "h3", "--user", "alice",
                "I want an agent that helps me plan trips").exitCode()).isZero();
        String name = JsonParser.parseString(Cli.run("agent", "--url", server.url(), "--thread", "h3", "--user",
                "alice").out()).getAsJsonObject().get("name").getAsString();
        try (WireClient client = WireClient.join(server.url(), "h3", "alice")) {
            client.send(new ClientFrame.UserMessage("Who are you?", "p-1", ClientFrame.UserMessage.PREVIEW));
            ServerFrame.Message message;
            do {
                message = client.await(ServerFrame.Message.class);
            } while (!("assistant".equals(message.message().role())
                    && "preview".equals(message.message().channel())));
        }

        Cli.Result history = Cli.run("history", "--url", server.url(), "--thread", "h3", "--user", "alice");

        List<String> starts = history.outLines().stream().filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList();
        assertThat(starts).hasSize(4);
        assertThat(starts.get(1)).contains("Z  builder  ");
        assertThat(starts.get(2)).endsWith("Z  you (preview)  Who are you?");
        assertThat(starts.get(3)).contains("Z  " + name + " (preview)  ");
    }

    @Test
    void historyOfANewThreadSaysSo() {
        server = TestServer.start();

        Cli.Result history = Cli.run("history", "--url", server.url(), "--thread", "empty", "--user", "alice");

        assertThat(history.exitCode()).isZero();
        assertThat(history.out()).isEqualTo("(no messages yet)" + System.lineSeparator());
    }

    @Test
    void benchReportsTheTurnsEveryUserCompleted() {
        server = TestServer.start();

        Cli.Result bench = Cli.run("bench", "--json", "--url", server.url(), "--users", "3", "--turns", "4");

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonObject result = JsonParser.parseString(bench.out()).getAsJsonObject();
        assertThat(result.get("turns").getAsInt()).isEqualTo(12);
        assertThat(result.get("failedUsers").getAsInt()).isZero();
        assertThat(result.get("turnsPerSecond").getAsDouble()).isPositive();
    }
}
