package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChatCommandTest {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";

    private TestServer server;
    private ChatDriver chat;

    @AfterEach
    void tearDown() {
        if (chat != null) {
            chat.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chatStreamsTheReplyShowsTheAgentAndQuits() {
        server = TestServer.start();
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");
        assertThat(chat.awaitLineStartingWith("[connecting] ")).contains("threadId=t1", "userId=u1", "lastSeq=0");
        chat.awaitLineStartingWith("[connected] thread t1 as u1");

        chat.type(PLAN_TRIPS);
        String reply = awaitReply(1);
        chat.type("/agent");
        String draft = chat.awaitBlock("{", "}");
        chat.type("/quit");

        assertThat(chat.awaitExit()).isZero();
        assertThat(reply).isEqualTo("builder> " + lastReply("t1").content());
        JsonObject agent = JsonParser.parseString(draft).getAsJsonObject();
        assertThat(agent.get("name").getAsString()).isNotBlank();
        assertThat(chat.err()).isEmpty();
    }

    @Test
    void withADailyTokenBudgetTheJoinSaysTheTokensTodayAndAMessageOverItIsRefusedInWords() {
        server = TestServer.start(engine -> engine.tokensPerUserPerDay(50));
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");
        assertThat(chat.awaitLineStartingWith("[connected] "))
                .isEqualTo("[connected] thread t1 as u1; tokens today: 0/50");

        chat.type(PLAN_TRIPS);
        awaitReply(1);
        long used = lastReply("t1").usage().total();
        chat.type("Call it Wanderlust");
        String refused = chat.awaitLineStartingWith("[error] quota_exceeded: ");
        chat.type("/quit");

        String midnight = "\\d{4}-\\d\\d-\\d\\dT00:00:00(\\.000)?Z";
        assertThat(refused).matches("\\[error] quota_exceeded: your message was not sent: You have used your 50 "
                + "tokens for today\\. Your budget renews at " + midnight + " \\(midnight UTC\\)\\. \\(tokens today: "
                + used + "/50; the budget renews at " + midnight + "\\)");
        assertThat(chat.awaitExit()).isZero();
        assertThat(server.messages("t1")).as("nothing stored").hasSize(2);
    }

    @Test
    void joiningShowsTheTranscriptSoFar() {
        server = TestServer.start();
        // Sent from another connection of the same user: a thread belongs to the user who opened it.
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "u1", PLAN_TRIPS).exitCode())
                .isZero();

        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");
        chat.awaitLineStartingWith("[connected] ");

        assertThat(chat.awaitLineStartingWith("you> ")).isEqualTo("you> " + PLAN_TRIPS);
        assertThat(awaitReply(1)).isEqualTo("builder> " + lastReply("t1").content());
        chat.type("/help");
        chat.awaitLine(line -> line.contains("/cancel"), "listing /cancel");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void endOfInputWaitsForEveryReplyThenExitsZero() {
        server = TestServer.start();
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");

        chat.type(PLAN_TRIPS);
        chat.endInput();

        assertThat(chat.awaitExit()).isZero();
        assertThat(String.join("\n", chat.allLines())).contains("builder> " + lastReply("t1").content());
    }

    @Test
    void cancelStopsTheRunningReply() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(engine -> engine.model(model));
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");
        chat.awaitLineStartingWith("[connected] ");
        chat.type("Plan my trip");
        ScriptedModel.Call call = model.awaitCall();
        call.delta("Let me");

        chat.type("/cancel");

        assertThat(call.awaitCancelled()).isTrue();
        assertThat(chat.awaitLineStartingWith("builder> ")).isEqualTo("builder> Let me [stopped]");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void chatReconnectsAndSendsWhatWasTypedWhileDownExactlyOnce() {
        ThreadStore store = ThreadStores.inMemory();
        server = TestServer.start(store, 0, engine -> engine);
        int port = server.port();
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "--backoff-base", "20ms", "--backoff-cap", "200ms");
        chat.awaitLineStartingWith("[connected] ");
        chat.type(PLAN_TRIPS);
        awaitReply(1);

        server.close();
        server = null;
        chat.awaitLineStartingWith("[disconnected] server going away (1001)");
        String whileDown = "Call it Wanderer";
        chat.type(whileDown);
        server = TestServer.start(store, port, engine -> engine);

        assertThat(chat.awaitLine(line -> line.startsWith("[connecting] ") && !line.endsWith("lastSeq=0"),
                "resuming after the last seq seen")).containsPattern("lastSeq=[1-9][0-9]*$");
        chat.awaitLineStartingWith("[connected] thread t1 as u1");
        String secondReply = awaitReply(2);
        chat.type("/quit");

        assertThat(chat.awaitExit()).isZero();
        List<ThreadMessage> messages = server.messages("t1");
        List<ThreadMessage> typedWhileDown = messages.stream()
                .filter(m -> m.role() == Role.USER && m.content().equals(whileDown))
                .toList();
        assertThat(typedWhileDown).hasSize(1);
        List<ThreadMessage> replies = messages.stream()
                .filter(m -> m.role() == Role.ASSISTANT && typedWhileDown.get(0).id().equals(m.replyTo()))
                .toList();
        assertThat(replies).hasSize(1);
        assertThat(secondReply).isEqualTo("builder> " + replies.get(0).content());
        // Resuming after lastSeq: the first reply is not shown again.
        assertThat(chat.allLines()).filteredOn(line -> line.startsWith("builder> ")).hasSize(2);
    }

    @Test
    void aMessageTooBigForTheServerIsDroppedInsteadOfResentForever() {
        server = TestServer.start(ThreadStores.inMemory(), 0, engine -> engine,
                options -> options.withMaxFrameBytes(1_024));
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "--backoff-base", "20ms", "--backoff-cap", "100ms");
        chat.awaitLineStartingWith("[connected] ");

        chat.type("x".repeat(2_000));
        chat.awaitLineStartingWith("[error] the server found the message too big; it is not sent again");
        chat.awaitLineStartingWith("[disconnected] message too big (1009)");
        chat.awaitLineStartingWith("[connected] ");
        chat.type(PLAN_TRIPS);
        chat.endInput();

        assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(chat.err().lines()).containsExactly("chat-cli: 1 message(s) were refused or not answered");
        assertThat(server.messages("t1")).extracting(ThreadMessage::content).contains(PLAN_TRIPS)
                .noneMatch(content -> content.startsWith("xxx"));
    }

    @Test
    void chatStopsRetryingWhenTheServerRefusesTheJoin() {
        server = TestServer.start();
        // The CLI keeps the URL's own parameters; a second userId is an invalid request (4400) for the server.
        chat = ChatDriver.start("chat", "--url", server.url() + "/?userId=someone-else", "--thread", "t1",
                "--user", "u1", "--backoff-base", "20ms", "--backoff-cap", "100ms");

        String error = chat.awaitLineStartingWith("[error] ");
        String refusal = chat.awaitLineStartingWith("[error] ");

        assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(error).isEqualTo("[error] invalid_request: the userId parameter is given more than once");
        assertThat(refusal).isEqualTo("[error] the server refused the connection: invalid request (4400): "
                + "invalid_request: the userId parameter is given more than once; not reconnecting");
        assertThat(chat.err().lines()).singleElement().asString()
                .startsWith("chat-cli: the server refused the connection: invalid request (4400)");
        assertThat(chat.allLines()).filteredOn(line -> line.startsWith("[connecting] ")).hasSize(1);
    }

    @Test
    void chatStopsWhenTheThreadBelongsToAnotherUser() {
        server = TestServer.start();
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "owner", PLAN_TRIPS).exitCode())
                .isZero();
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "--backoff-base", "20ms", "--backoff-cap", "100ms");

        String refusal = chat.awaitLine(line -> line.endsWith("; not reconnecting"), "ending the session");

        assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(refusal).startsWith("[error] the server refused the connection: forbidden (4403): forbidden: ");
        assertThat(chat.allLines()).filteredOn(line -> line.startsWith("[connecting] ")).hasSize(1);
        assertThat(chat.err().lines()).singleElement().asString()
                .startsWith("chat-cli: the server refused the connection: forbidden (4403)");
    }

    /** The next reply on the screen, all its lines, once the {@code n}th reply of thread t1 is stored. */
    private String awaitReply(int n) {
        String first = chat.awaitLineStartingWith("builder> ");
        List<ThreadMessage> replies = await().atMost(Duration.ofSeconds(10)).until(
                () -> server.messages("t1").stream().filter(m -> m.role() == Role.ASSISTANT).toList(),
                stored -> stored.size() >= n);
        long more = replies.get(n - 1).content().lines().count() - 1;
        return more == 0 ? first : first + "\n" + chat.awaitLines(more);
    }

    private ThreadMessage lastReply(String threadId) {
        List<ThreadMessage> messages = server.messages(threadId);
        ThreadMessage last = messages.get(messages.size() - 1);
        assertThat(last.role()).isEqualTo(Role.ASSISTANT);
        return last;
    }
}
