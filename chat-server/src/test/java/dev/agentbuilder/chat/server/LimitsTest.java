package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit answers with its code once reached, and the server recovers: others are served, later ones get in. */
@Timeout(60)
class LimitsTest {

    @Test
    void messagesOverTheRateAreRateLimitedAndNotStoredAndTheConnectionRecovers() {
        try (TestServer server = TestServer.start(b -> b.maxQueuedTurns(100),
                o -> o.withLimits(o.limits().withMessageRate(5, 3)))) {
            WsRecorder client = server.connect("rate", "alice");
            client.expect("ready");

            for (int i = 1; i <= 4; i++) {
                client.sendUserMessage("Add a conversation starter: Idea " + i, "c" + i);
            }

            List<JsonObject> errors = new ArrayList<>();
            List<String> acked = new ArrayList<>();
            while (acked.size() + errors.size() < 4) {
                JsonObject frame = client.nextFrame();
                switch (frame.get("type").getAsString()) {
                    case "ack" -> acked.add(frame.get("clientMessageId").getAsString());
                    case "error" -> errors.add(frame);
                    default -> { }
                }
            }
            assertThat(acked).containsExactly("c1", "c2", "c3");
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.get("code").getAsString()).isEqualTo("rate_limited");
                assertThat(e.get("clientMessageId").getAsString()).isEqualTo("c4");
            });

            // The bucket refills at 5 per second: the same message goes through once it has, and as a new message,
            // because the refused one was not stored.
            JsonObject[] ack = new JsonObject[1];
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> {
                client.sendUserMessage("Add a conversation starter: Idea 4", "c4");
                ack[0] = ackOrNull(client);
                return ack[0] != null;
            });
            assertThat(ack[0].get("duplicate").getAsBoolean()).isFalse();
            client.close();
        }
    }

    /** The ack of c4, or null on its rate_limited error; other frames are skipped. */
    private static JsonObject ackOrNull(WsRecorder client) {
        while (true) {
            JsonObject frame = client.nextFrame();
            String type = frame.get("type").getAsString();
            if (type.equals("ack") && frame.get("clientMessageId").getAsString().equals("c4")) {
                return frame;
            }
            if (type.equals("error") && frame.get("code").getAsString().equals("rate_limited")) {
                return null;
            }
        }
    }

    @Test
    void connectionsOverTheUserLimitAreClosedWith4429UntilOneLeaves() {
        try (TestServer server = TestServer.start(b -> b,
                o -> o.withLimits(o.limits().withMaxConnectionsPerUser(2)))) {
            WsRecorder first = server.connect("conn", "alice");
            WsRecorder second = server.connect("conn", "alice");
            first.expect("ready");
            second.expect("ready");

            WsRecorder third = server.connect("conn", "alice");
            JsonObject error = third.expect("error");
            assertThat(error.get("code").getAsString()).isEqualTo("rate_limited");
            assertThat(third.awaitClose()).isEqualTo(4429);
            WsRecorder otherUser = server.connect("conn-bob", "bob");
            otherUser.expect("ready");

            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server.connectionCount() == 2);
            WsRecorder again = server.connect("conn", "alice");
            again.expect("ready");
            second.close();
            again.close();
            otherUser.close();
        }
    }

    @Test
    void connectionsOverTheTotalLimitAreClosedWith4429() {
        try (TestServer server = TestServer.start(b -> b, o -> o.withLimits(o.limits().withMaxConnections(3)))) {
            List<WsRecorder> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WsRecorder client = server.connect("total-" + i, "user-" + i);
                client.expect("ready");
                open.add(client);
            }

            WsRecorder fourth = server.connect("total-3", "user-3");

            assertThat(fourth.expect("error").get("code").getAsString()).isEqualTo("rate_limited");
            assertThat(fourth.awaitClose()).isEqualTo(4429);
            open.forEach(WsRecorder::close);
        }
    }

    @Test
    void aFloodOfPingFramesClosesThatConnectionWith4429AndOthersAreServed() throws IOException {
        try (TestServer server = TestServer.start(b -> b, o -> o.withLimits(o.limits().withFramesPerSecond(20)));
                RawClient flooder = RawClient.upgrade(server.port(), "/?threadId=flood&userId=bad")) {
            WsRecorder bystander = server.connect("bystander", "good");
            bystander.expect("ready");
            assertThat(flooder.readFrame().text()).contains("\"ready\"");

            flooder.sendBytes(flood(0x81, "{\"type\":\"ping\"}"));

            int pongs = 0;
            String frame;
            while ((frame = flooder.readFrame().text()).contains("\"pong\"")) {
                pongs++;
            }
            assertThat(pongs).isBetween(40, 60);
            assertThat(frame).contains("\"rate_limited\"");
            assertThat(flooder.awaitCloseCode()).isEqualTo(4429);
            bystander.sendUserMessage("I want an agent that helps me plan trips", "c1");
            assertThat(bystander.awaitFrame("message").getAsJsonObject("message").get("role").getAsString())
                    .isEqualTo("user");
            bystander.awaitFrame("agent_updated");
            bystander.close();
        }
    }

    @Test
    void aFloodOfWebSocketPingsClosesThatConnectionWith4429() throws IOException {
        try (TestServer server = TestServer.start(b -> b, o -> o.withLimits(o.limits().withFramesPerSecond(20)));
                RawClient raw = RawClient.upgrade(server.port(), "/?threadId=wsping&userId=bad")) {
            assertThat(raw.readFrame().text()).contains("\"ready\"");

            raw.sendBytes(flood(0x89, "hi"));

            assertThat(raw.awaitCloseCode()).isEqualTo(4429);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAtThePendingBytesCapAndOthersGetEveryReply() throws IOException {
        long cap = 256 * 1024;
        try (TestServer server = TestServer.start(
                b -> b.model(OfflineBuilderModel.withChunkDelay(Duration.ZERO)).maxQueuedTurns(1_000),
                o -> o.withLimits(o.limits().withMaxPendingBytes(cap).withMessageRate(1_000, 1_000)
                        .withFramesPerSecond(10_000)))) {
            WsRecorder writer = server.connect("slow", "alice");
            writer.expect("ready");
            RawClient silent = RawClient.upgrade(server.port(), "/?threadId=slow&userId=alice", 4_096);
            long heapBefore = usedHeap();

            // Every reply goes to both connections; the silent one never reads. The writer reads everything.
            int turns = 0;
            while (server.server.connectionCount() == 2 && turns < 2_000) {
                turns++;
                writer.sendUserMessage("Add a conversation starter: " + "Plan a long weekend somewhere ".repeat(20)
                        + turns, "c" + turns);
                writer.framesThrough(f -> f.get("type").getAsString().equals("status")
                        && f.get("state").getAsString().equals("idle"));
            }

            assertThat(server.server.connectionCount()).as("the silent client was dropped").isEqualTo(1);
            assertThat(turns).isLessThan(2_000);
            assertThat(usedHeap() - heapBefore).isLessThan(64L * 1024 * 1024);
            writer.sendUserMessage("Call it Survivor", "last");
            JsonObject agent = writer.awaitFrame("agent_updated").getAsJsonObject("agent");
            assertThat(agent.get("name").getAsString()).isEqualTo("Survivor");
            assertThatTheSocketIsClosed(silent);
            writer.close();
        }
    }

    private static void assertThatTheSocketIsClosed(RawClient silent) {
        // Whatever was queued before the cap may still arrive; then the stream ends.
        try {
            while (true) {
                silent.readFrame();
            }
        } catch (IOException e) {
            assertThat(e).isInstanceOfAny(java.io.EOFException.class, SocketException.class);
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * 200 frames of one kind, to send in one write: the server then reads the whole flood before it closes. A socket
     * closed with unread input resets the connection, and the reset would discard what the server sent back (its
     * pongs, its error, its close frame) before the test has read it.
     */
    private static byte[] flood(int firstByte, String payload) {
        byte[] frame = RawClient.maskedFrame(firstByte, payload.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            flood.writeBytes(frame);
        }
        return flood.toByteArray();
    }
}
