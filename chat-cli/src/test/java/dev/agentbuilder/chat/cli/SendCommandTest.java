package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.ThreadMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SendCommandTest {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";

    private TestServer server;

    @AfterEach
    void stopServer() {
        // --verbose sets this for the rest of the JVM; later tests should stay quiet.
        System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendPrintsTheStreamedReplyAndExitsZero() {
        server = TestServer.start();

        Cli.Result result = send("t1", "u1", PLAN_TRIPS);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        List<ThreadMessage> messages = server.messages("t1");
        ThreadMessage reply = messages.get(messages.size() - 1);
        assertThat(reply.role()).isEqualTo(Role.ASSISTANT);
        assertThat(result.out()).isEqualTo(reply.content() + System.lineSeparator());
        assertThat(reply.content()).isNotBlank();
    }

    @Test
    void agentPrintsTheNamedDraftAsJson() {
        server = TestServer.start();
        assertThat(send("t1", "u1", PLAN_TRIPS).exitCode()).isZero();

        Cli.Result result = Cli.run("agent", "--url", server.url(), "--thread", "t1", "--user", "u1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        JsonObject agent = JsonParser.parseString(result.out()).getAsJsonObject();
        assertThat(agent.get("name").getAsString()).isNotBlank();
        assertThat(agent.get("description").getAsString()).contains("plan trips");
        assertThat(result.outLines()).hasSizeGreaterThan(3);
    }

    @Test
    void sendJsonPrintsEveryFrameAsOneJsonLine() {
        server = TestServer.start();

        Cli.Result result = Cli.run("send", "--json", "--url", server.url(), "--thread", "t1", "--user", "u1",
                PLAN_TRIPS);

        assertThat(result.exitCode()).isZero();
        List<JsonObject> frames = result.outLines().stream()
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .toList();
        Set<String> types = frames.stream().map(f -> f.get("type").getAsString()).collect(Collectors.toSet());
        assertThat(types).contains("ready", "ack", "assistant_delta", "message", "status");
        assertThat(frames.get(0).get("type").getAsString()).isEqualTo("ready");
        JsonObject last = frames.get(frames.size() - 1);
        assertThat(last.get("type").getAsString()).isEqualTo("message");
        assertThat(last.getAsJsonObject("message").get("role").getAsString()).isEqualTo("assistant");
    }

    @Test
    void sendIgnoresTheReplayedHistoryAndPrintsOnlyItsOwnReply() {
        server = TestServer.start();
        assertThat(send("t1", "u1", PLAN_TRIPS).exitCode()).isZero();

        Cli.Result second = send("t1", "u1", "Call it Wanderer");

        assertThat(second.exitCode()).isZero();
        List<ThreadMessage> messages = server.messages("t1");
        assertThat(second.out()).isEqualTo(messages.get(messages.size() - 1).content() + System.lineSeparator());
    }

    @Test
    void resendingAClientMessageIdPrintsTheOriginalReplyWithoutASecondTurn() {
        server = TestServer.start();
        Cli.Result first = Cli.run("send", "--client-message-id", "c-1", "--url", server.url(),
                "--thread", "t1", "--user", "u1", PLAN_TRIPS);

        Cli.Result again = Cli.run("send", "--client-message-id", "c-1", "--url", server.url(),
                "--thread", "t1", "--user", "u1", PLAN_TRIPS);

        assertThat(first.exitCode()).isZero();
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo(first.out());
        assertThat(server.messages("t1")).filteredOn(m -> m.role() == Role.USER).hasSize(1);
        assertThat(server.messages("t1")).filteredOn(m -> m.role() == Role.ASSISTANT).hasSize(1);
    }

    @Test
    void refusedConnectionExitsThreeWithOneLineOnStderr() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Cli.Result result = Cli.run("send", "--url", "ws://127.0.0.1:" + port, "--thread", "t1", "--user", "u1",
                "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("chat-cli: cannot connect to ws://127.0.0.1:" + port);
    }

    @Test
    void badThreadIdIsAUsageError() {
        Cli.Result result = Cli.run("send", "--thread", "not a valid id!", "--user", "u1", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--thread").contains("not a valid id!");
    }

    @Test
    void missingUserIsAUsageError() {
        Cli.Result result = Cli.run("agent", "--url", "ws://127.0.0.1:9", "--thread", "t1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--user");
    }

    @Test
    void urlThatIsNotAWebSocketUrlIsAUsageError() {
        Cli.Result result = Cli.run("send", "--url", "http://localhost:3004", "--thread", "t1", "--user", "u1", "x");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("ws://");
    }

    @Test
    void messageTheServerRefusesExitsFour() {
        server = TestServer.start(engine -> engine.maxMessageChars(10));

        Cli.Result result = send("t1", "u1", PLAN_TRIPS);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("chat-cli: ")
                .contains("message_too_long");
    }

    @Test
    void anotherUsersThreadIsRefusedWithFour() {
        server = TestServer.start();
        assertThat(send("t1", "owner", PLAN_TRIPS).exitCode()).isZero();

        Cli.Result result = send("t1", "u1", "Let me in");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("chat-cli: the server refused the connection: forbidden (4403): forbidden: ");
    }

    @Test
    void modelThatNeverAnswersTimesOutWithFive() {
        ScriptedModel silent = new ScriptedModel();
        server = TestServer.start(engine -> engine.model(silent));

        Cli.Result result = Cli.run("send", "--timeout", "1s", "--url", server.url(), "--thread", "t1",
                "--user", "u1", "hello");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(result.errLines()).singleElement().asString().isEqualTo("chat-cli: no reply within 1 s");
        assertThat(silent.awaitCall().lastMessageText()).contains("hello");
    }

    @Test
    void stackTracesAreShownOnlyWithVerbose() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + port;

        Cli.Result quiet = Cli.run("agent", "--url", url, "--thread", "t1", "--user", "u1");
        Cli.Result verbose = Cli.run("--verbose", "agent", "--url", url, "--thread", "t1", "--user", "u1");

        assertThat(quiet.errLines()).hasSize(1);
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(verbose.errLines()).hasSizeGreaterThan(1);
        assertThat(verbose.err()).contains("\tat ");
    }

    private Cli.Result send(String thread, String user, String text) {
        return Cli.run("send", "--url", server.url(), "--thread", thread, "--user", user, "--timeout",
                Duration.ofSeconds(20).toSeconds() + "s", text);
    }
}
