package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.ScriptedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChatServerTest {

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNewConnectionIsReadyWithAnEmptyIdleThread() {
        server = TestServer.start();
        WsRecorder client = server.connect("t1", "u1");

        JsonObject ready = client.expect("ready");
        assertThat(ready.get("threadId").getAsString()).isEqualTo("t1");
        assertThat(ready.get("userId").getAsString()).isEqualTo("u1");
        assertThat(ready.get("connectionId").getAsString()).isNotBlank();
        assertThat(ready.get("lastSeq").getAsLong()).isZero();
        assertThat(ready.get("status").getAsString()).isEqualTo("idle");
        assertThat(ready.get("reset").getAsBoolean()).isFalse();
        JsonObject agent = ready.getAsJsonObject("agent");
        assertThat(agent.get("name").getAsString()).isEmpty();
        assertThat(agent.get("version").getAsLong()).isZero();
        assertThat(agent.getAsJsonArray("conversationStarters")).isEmpty();
        assertThat(agent.getAsJsonArray("capabilities")).isEmpty();
        client.assertExhausted();
    }

    @Test
    void aUserMessageIsAckedThenTheBuilderStreamsItsReplyAndFillsTheDraft() {
        server = TestServer.start();
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");

        client.sendUserMessage("I want an agent that helps me plan trips", "c1");

        JsonObject ack = client.expect("ack");
        assertThat(ack.get("clientMessageId").getAsString()).isEqualTo("c1");
        assertThat(ack.get("seq").getAsLong()).isEqualTo(1);
        assertThat(ack.get("duplicate").getAsBoolean()).isFalse();
        JsonObject user = client.expect("message");
        assertThat(user.get("seq").getAsLong()).isEqualTo(1);
        assertThat(user.getAsJsonObject("message").get("role").getAsString()).isEqualTo("user");
        assertThat(user.getAsJsonObject("message").get("id").getAsString())
                .isEqualTo(ack.get("messageId").getAsString());
        assertThat(user.getAsJsonObject("message").get("createdAt").getAsString()).endsWith("Z");
        assertThat(client.expect("status").get("state").getAsString()).isEqualTo("thinking");

        List<JsonObject> turn = client.framesThrough(f -> f.get("type").getAsString().equals("message"));
        JsonObject reply = turn.get(turn.size() - 1).getAsJsonObject("message");
        assertThat(client.expect("status").get("state").getAsString()).isEqualTo("idle");
        client.assertExhausted();

        List<JsonObject> updates = ofType(turn, "agent_updated");
        assertThat(updates).isNotEmpty();
        JsonObject agent = updates.get(updates.size() - 1).getAsJsonObject("agent");
        assertThat(agent.get("name").getAsString()).isNotBlank();
        assertThat(agent.get("description").getAsString()).contains("plan trips");
        assertThat(agent.get("version").getAsLong()).isEqualTo(updates.size());
        assertThat(ofType(turn, "agent_updated").stream().map(f -> f.get("seq").getAsLong()))
                .as("stored events are numbered without gaps")
                .containsExactlyElementsOf(seqRange(2, updates.size()));

        List<JsonObject> deltas = ofType(turn, "assistant_delta");
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(deltas.stream().map(d -> d.get("delta").getAsString()).collect(Collectors.joining()))
                .isEqualTo(reply.get("content").getAsString());
        assertThat(deltas).allSatisfy(d ->
                assertThat(d.get("messageId").getAsString()).isEqualTo(reply.get("id").getAsString()));
        assertThat(reply.get("role").getAsString()).isEqualTo("assistant");
        assertThat(reply.get("replyTo").getAsString()).isEqualTo(ack.get("messageId").getAsString());
        assertThat(reply.has("stopped")).isFalse();
        assertThat(reply.getAsJsonObject("usage").get("outputTokens").getAsInt()).isPositive();
    }

    @Test
    void twoConnectionsOnOneThreadSeeTheSameEvents() {
        server = TestServer.start();
        WsRecorder tab1 = server.connect("t1", "u1");
        WsRecorder tab2 = server.connect("t1", "u1");
        tab1.expect("ready");
        tab2.expect("ready");

        tab1.sendUserMessage("Call it Wanderlust", "c1");
        tab1.expect("ack");

        List<JsonObject> seen1 = withoutAcks(tab1.framesThrough(ChatServerTest::isIdle));
        List<JsonObject> seen2 = tab2.framesThrough(ChatServerTest::isIdle);
        assertThat(seen2).isEqualTo(seen1);
        assertThat(ofType(seen2, "agent_updated").get(0).getAsJsonObject("agent").get("name").getAsString())
                .isEqualTo("Wanderlust");
        tab2.assertExhausted();
    }

    @Test
    void aReconnectWithLastSeqGetsExactlyTheMissedEvents() {
        server = TestServer.start(b -> b.sessionGrace(Duration.ofMinutes(1)));
        WsRecorder first = server.connect("t1", "u1");
        first.expect("ready");
        first.sendUserMessage("Call it Wanderlust", "c1");
        List<JsonObject> firstTurn = first.framesThrough(ChatServerTest::isIdle);
        long seenUpTo = maxSeq(firstTurn);
        first.close();

        WsRecorder other = WsRecorder.connect(server.url("t1", "u1", seenUpTo));
        other.expect("ready");
        other.sendUserMessage("Enable web search", "c2");
        List<JsonObject> missed = withoutAcks(other.framesThrough(ChatServerTest::isIdle)).stream()
                .filter(f -> f.has("seq"))
                .toList();

        WsRecorder back = WsRecorder.connect(server.url("t1", "u1", seenUpTo));
        JsonObject ready = back.expect("ready");
        assertThat(ready.get("lastSeq").getAsLong()).isEqualTo(maxSeq(missed));
        List<JsonObject> replayed = new ArrayList<>();
        for (int i = 0; i < missed.size(); i++) {
            replayed.add(back.nextFrame());
        }
        back.assertExhausted();
        assertThat(replayed).isEqualTo(missed);
        assertThat(replayed.get(0).get("seq").getAsLong()).isEqualTo(seenUpTo + 1);
    }

    @Test
    void aLastSeqBeyondTheThreadResetsAndReplaysEverything() {
        server = TestServer.start();
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("Call it Wanderlust", "c1");
        long highest = maxSeq(client.framesThrough(ChatServerTest::isIdle));

        WsRecorder stale = WsRecorder.connect(server.url("t1", "u1", highest + 100));
        JsonObject ready = stale.expect("ready");
        assertThat(ready.get("reset").getAsBoolean()).isTrue();
        assertThat(ready.get("lastSeq").getAsLong()).isEqualTo(highest);
        for (long seq = 1; seq <= highest; seq++) {
            assertThat(stale.next()).isInstanceOfSatisfying(WsRecorder.Frame.class,
                    f -> assertThat(f.json().has("seq")).isTrue());
        }
        stale.assertExhausted();
    }

    @Test
    void aResentClientMessageIdIsAckedAsDuplicateAndNotAnsweredAgain() {
        server = TestServer.start(b -> b.sessionGrace(Duration.ofMinutes(1)));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("Call it Wanderlust", "c1");
        JsonObject original = client.expect("ack");
        long highest = maxSeq(client.framesThrough(ChatServerTest::isIdle));
        client.abort();

        WsRecorder again = WsRecorder.connect(server.url("t1", "u1", highest));
        again.expect("ready");
        again.sendUserMessage("Call it Wanderlust", "c1");
        JsonObject ack = again.expect("ack");
        assertThat(ack.get("duplicate").getAsBoolean()).isTrue();
        assertThat(ack.get("messageId").getAsString()).isEqualTo(original.get("messageId").getAsString());
        assertThat(ack.get("seq").getAsLong()).isEqualTo(original.get("seq").getAsLong());
        again.send("{\"type\":\"ping\"}");
        again.expect("pong");
        again.assertExhausted();
    }

    @Test
    void cancelStopsTheStreamAndStoresThePartialReplyMarkedStopped() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(b -> b.model(model));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("write a long story", "c1");
        ScriptedModel.Call call = model.awaitCall();
        call.delta("Once upon ");
        client.awaitFrame("assistant_delta");

        client.send("{\"type\":\"cancel\"}");

        JsonObject reply = client.expect("message").getAsJsonObject("message");
        assertThat(reply.get("stopped").getAsBoolean()).isTrue();
        assertThat(reply.get("content").getAsString()).isEqualTo("Once upon ");
        assertThat(client.expect("status").get("state").getAsString()).isEqualTo("idle");
        assertThat(call.awaitCancelled()).isTrue();
        client.assertExhausted();
    }

    @Test
    void messagesBeyondTheQueueAreRefusedAsBusyAndTheRestAreAnsweredInOrder() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(b -> b.model(model).maxQueuedTurns(1));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("first", "c1");
        ScriptedModel.Call first = model.awaitCall();
        client.sendUserMessage("second", "c2");
        client.sendUserMessage("third", "c3");

        JsonObject busy = client.awaitFrame("error");
        assertThat(busy.get("code").getAsString()).isEqualTo("busy");
        assertThat(busy.get("clientMessageId").getAsString()).isEqualTo("c3");
        first.delta("one").complete();
        model.awaitCall().delta("two").complete();

        List<String> replies = client.framesThrough(ChatServerTest::isIdle).stream()
                .filter(f -> f.get("type").getAsString().equals("message"))
                .map(f -> f.getAsJsonObject("message"))
                .filter(m -> m.get("role").getAsString().equals("assistant"))
                .map(m -> m.get("content").getAsString())
                .toList();
        assertThat(replies).containsExactly("one", "two");
    }

    @Test
    void aFailingModelGivesAnAgentErrorAndTheThreadAnswersTheNextMessage() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(b -> b.model(model));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("hello", "c1");
        model.awaitCall().fail(new RuntimeException("HTTP 500 from provider"));

        JsonObject error = client.awaitFrame("error");
        assertThat(error.get("code").getAsString()).isEqualTo("agent_error");
        assertThat(error.get("clientMessageId").getAsString()).isEqualTo("c1");
        assertThat(error.get("message").getAsString()).doesNotContain("HTTP 500");
        assertThat(client.expect("status").get("state").getAsString()).isEqualTo("idle");

        client.sendUserMessage("hello again", "c2");
        model.awaitCall().delta("Hi!").complete();
        assertThat(client.framesThrough(ChatServerTest::isIdle).stream()
                .anyMatch(f -> f.get("type").getAsString().equals("message")
                        && f.getAsJsonObject("message").get("content").getAsString().equals("Hi!")))
                .isTrue();
    }

    @Test
    void theThreadLeavesMemoryWhenItsLastClientLeaves() {
        server = TestServer.start();
        WsRecorder a = server.connect("t1", "u1");
        WsRecorder b = server.connect("t1", "u1");
        a.expect("ready");
        b.expect("ready");
        a.close();
        assertThat(a.awaitClose()).isEqualTo(1000);
        assertThat(server.server.engine().activeThreads()).isEqualTo(1);
        b.abort();

        await().atMost(Duration.ofSeconds(10)).until(() -> server.server.engine().activeThreads() == 0);
    }

    @Test
    void stoppingTheServerLetsTheTurnFinishThenClosesClientsWith1001() throws InterruptedException {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(b -> b.model(model));
        WsRecorder client = server.connect("t1", "u1");
        client.expect("ready");
        client.sendUserMessage("hello", "c1");
        ScriptedModel.Call call = model.awaitCall();
        Thread stopper = new Thread(server::close);
        stopper.start();
        call.delta("last words").complete();

        JsonObject reply = client.awaitFrame("message");
        while (!reply.getAsJsonObject("message").get("role").getAsString().equals("assistant")) {
            reply = client.awaitFrame("message");
        }
        assertThat(reply.getAsJsonObject("message").get("content").getAsString()).isEqualTo("last words");
        assertThat(client.awaitClose()).isEqualTo(1001);
        stopper.join();
        server = null;
    }

    private static boolean isIdle(JsonObject frame) {
        return frame.get("type").getAsString().equals("status") && frame.get("state").getAsString().equals("idle");
    }

    private static List<JsonObject> ofType(List<JsonObject> frames, String type) {
        return frames.stream().filter(f -> f.get("type").getAsString().equals(type)).toList();
    }

    private static List<JsonObject> withoutAcks(List<JsonObject> frames) {
        return frames.stream().filter(f -> !f.get("type").getAsString().equals("ack")).toList();
    }

    private static long maxSeq(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.has("seq")).mapToLong(f -> f.get("seq").getAsLong()).max().orElse(0);
    }

    private static List<Long> seqRange(long from, int count) {
        return LongStream.range(from, from + count).boxed().toList();
    }
}
