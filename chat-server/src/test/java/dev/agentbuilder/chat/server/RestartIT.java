package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.postgres.PostgresStore;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable stores as users meet them: the packaged server is killed with SIGKILL in the middle of a turn and
 * started again on the same data directory, or the same PostgreSQL database.
 */
@Timeout(180)
class RestartIT {

    @TempDir
    Path dataDir;

    /** The store's flags, the same for every start of the test. */
    private List<String> storeArgs;

    @ParameterizedTest(name = "--store {0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void afterAKillNineTheThreadResumesWithNothingLostAndNothingDoubled(String store) throws Exception {
        String databaseUrl = store.equals("postgres") ? PostgresServer.shared().createDatabase() : null;
        storeArgs = databaseUrl == null ? List.of("--data-dir", dataDir.toString())
                // Started again under the same node id, the server gives back its killed predecessor's turn lease at
                // once, if the kill came while it held one (with the default 10 s lease, waiting it out would outlast
                // the client's 10 s wait; PostgresTurnLockTest checks the giving back itself).
                : List.of("--store", "postgres", "--database-url", databaseUrl, "--node-id", "restarting-node");
        List<JsonObject> seen = new ArrayList<>();
        String firstMessageId;
        long versionBeforeKill;
        try (ServerProcess server = start()) {
            WsRecorder client = WsRecorder.connect(url(server.awaitPort(), 0));
            seen.add(client.expect("ready"));
            client.sendUserMessage("I want an agent that helps me plan trips", "c1");
            firstMessageId = client.expect("ack").get("messageId").getAsString();
            seen.addAll(client.framesThrough(RestartIT::isIdle));
            client.sendUserMessage("Call it Wanderlust", "c2");
            seen.addAll(client.framesThrough(RestartIT::isIdle));
            versionBeforeKill = lastAgent(seen).get("version").getAsLong();

            client.sendUserMessage("Enable web search", "c3");
            seen.add(client.expect("ack"));
            server.kill();
        }
        long lastSeen = maxSeq(seen);

        try (ServerProcess server = start()) {
            int port = server.awaitPort();
            WsRecorder client = WsRecorder.connect(url(port, lastSeen));
            JsonObject ready = client.expect("ready");
            assertThat(ready.getAsJsonObject("agent").get("name").getAsString()).isEqualTo("Wanderlust");
            assertThat(ready.getAsJsonObject("agent").get("version").getAsLong()).isGreaterThanOrEqualTo(
                    versionBeforeKill);
            List<JsonObject> resumed = client.framesThrough(RestartIT::isIdle);
            assertThat(resumed).filteredOn(f -> f.has("seq")).first()
                    .satisfies(f -> assertThat(f.get("seq").getAsLong()).isEqualTo(lastSeen + 1));
            assertThat(lastAgent(resumed).getAsJsonArray("capabilities").toString()).contains("web_search");

            client.sendUserMessage("I want an agent that helps me plan trips", "c1");
            JsonObject duplicate = client.expect("ack");
            assertThat(duplicate.get("duplicate").getAsBoolean()).isTrue();
            assertThat(duplicate.get("messageId").getAsString()).isEqualTo(firstMessageId);
            assertThat(duplicate.get("seq").getAsLong()).isEqualTo(1);

            List<JsonObject> history = fullHistory(port);
            assertThat(history).extracting(f -> f.get("seq").getAsLong())
                    .as("gap-free seq from 1")
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, history.size())
                            .boxed().toList());
            assertEveryUserMessageAnsweredExactlyOnce(history, 3);

            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }

        try (ThreadStore stored = databaseUrl == null ? SqliteStore.open(dataDir)
                : PostgresStore.open(databaseUrl, null, "audit", java.time.Duration.ofSeconds(10))) {
            String memory = stored.chatMemory("restart").toString();
            assertThat(memory).contains("plan trips").contains("Wanderlust").contains("Enable web search");
        }
    }

    private ServerProcess start() throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0",
                "--offline-chunk-delay", "50ms"));
        args.addAll(storeArgs);
        return ServerProcess.start(args.toArray(String[]::new));
    }

    private static String url(int port, long lastSeq) {
        return "ws://127.0.0.1:" + port + "/?threadId=restart&userId=u1&lastSeq=" + lastSeq;
    }

    static List<JsonObject> fullHistory(int port) {
        WsRecorder reader = WsRecorder.connect(url(port, 0));
        long last = reader.expect("ready").get("lastSeq").getAsLong();
        List<JsonObject> history = new ArrayList<>();
        for (long i = 0; i < last; i++) {
            history.add(reader.nextFrame());
        }
        reader.close();
        return history;
    }

    static void assertEveryUserMessageAnsweredExactlyOnce(List<JsonObject> history, int expectedUserMessages) {
        Map<String, Integer> replies = new HashMap<>();
        List<String> users = new ArrayList<>();
        for (JsonObject frame : history) {
            if (!frame.get("type").getAsString().equals("message")) {
                continue;
            }
            JsonObject m = frame.getAsJsonObject("message");
            if (m.get("role").getAsString().equals("user")) {
                users.add(m.get("id").getAsString());
            } else {
                replies.merge(m.get("replyTo").getAsString(), 1, Integer::sum);
            }
        }
        assertThat(users).hasSize(expectedUserMessages);
        for (String user : users) {
            assertThat(replies.get(user)).as("replies to %s", user).isEqualTo(1);
        }
        assertThat(replies.keySet()).containsExactlyInAnyOrderElementsOf(users);
    }

    private static boolean isIdle(JsonObject frame) {
        return frame.get("type").getAsString().equals("status") && frame.get("state").getAsString().equals("idle");
    }

    private static JsonObject lastAgent(List<JsonObject> frames) {
        JsonObject agent = null;
        for (JsonObject f : frames) {
            if (f.has("agent")) {
                agent = f.getAsJsonObject("agent");
            }
        }
        assertThat(agent).as("an agent in %s", frames).isNotNull();
        return agent;
    }

    private static long maxSeq(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.has("seq") && !f.get("type").getAsString().equals("ack"))
                .mapToLong(f -> f.get("seq").getAsLong()).max().orElse(0);
    }
}
