package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.redis.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three packaged chat servers on one PostgreSQL and one bus (Redis pub/sub, or PostgreSQL's LISTEN/NOTIFY), behind no
 * sticky anything: clients connect to any node. Each test ends with the cluster's audit: every node replays every
 * thread the same, without a gap, every message stored once and answered exactly once.
 */
@Timeout(300)
class ClusterIT {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Cluster cluster(String bus, int nodes) throws Exception {
        return cluster(bus, nodes, PostgresServer.shared().createDatabase(),
                bus.equals("redis") ? RedisServer.shared().url() : null);
    }

    private Cluster cluster(String bus, int nodes, String databaseUrl, String redisUrl) throws Exception {
        Cluster cluster = new Cluster(databaseUrl, bus, redisUrl);
        open.add(cluster);
        cluster.start(nodes);
        return cluster;
    }

    private static Predicate<JsonObject> reply() {
        return f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant");
    }

    private static boolean isDelta(JsonObject f) {
        return f.get("type").getAsString().equals("assistant_delta");
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aTurnOnOneNodeReachesClientsOnEveryNodeAndAMessageResentToAnotherNodeIsADuplicate(String bus)
            throws Exception {
        Cluster cluster = cluster(bus, 3);
        WsRecorder onFirst = cluster.connect(0, "fan", 0);
        WsRecorder onSecond = cluster.connect(1, "fan", 0);
        WsRecorder onThird = cluster.connect(2, "fan", 0);
        for (WsRecorder client : List.of(onFirst, onSecond, onThird)) {
            client.expect("ready");
        }

        onFirst.sendUserMessage("I want an agent that helps me plan trips", "m1");
        JsonObject ack = onFirst.awaitFrame("ack");
        List<JsonObject> first = onFirst.framesThrough(reply());
        JsonObject replyOnSecond = last(onSecond.framesThrough(reply()));
        JsonObject replyOnThird = last(onThird.framesThrough(reply()));
        assertThat(replyOnSecond).isEqualTo(last(first));
        assertThat(replyOnThird).isEqualTo(last(first));

        onSecond.sendUserMessage("I want an agent that helps me plan trips", "m1");
        JsonObject duplicate = onSecond.awaitFrame("ack");
        assertThat(duplicate.get("duplicate").getAsBoolean()).isTrue();
        assertThat(duplicate.get("seq")).isEqualTo(ack.get("seq"));
        assertThat(duplicate.get("messageId")).isEqualTo(ack.get("messageId"));

        cluster.audit(List.of("fan"), List.of(0, 1, 2));
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aClientThatMovesToAnotherNodeGetsExactlyWhatItMissed(String bus) throws Exception {
        Cluster cluster = cluster(bus, 3);
        WsRecorder client = cluster.connect(0, "moving", 0);
        client.expect("ready");
        client.sendUserMessage("I want an agent that helps me plan trips", "m1");
        long seen = maxSeq(client.framesThrough(reply()));
        client.sendUserMessage("Call it Wanderlust", "m2");
        long last = maxSeq(client.framesThrough(reply()));
        client.close();

        WsRecorder moved = cluster.connect(2, "moving", seen);
        JsonObject ready = moved.expect("ready");
        assertThat(ready.get("lastSeq").getAsLong()).isEqualTo(last);
        List<Long> resumed = new ArrayList<>();
        while (resumed.size() < last - seen) {
            JsonObject frame = moved.nextFrame();
            if (frame.has("seq")) {
                resumed.add(frame.get("seq").getAsLong());
            }
        }
        assertThat(resumed.get(0)).isEqualTo(seen + 1);
        assertThat(resumed.get(resumed.size() - 1)).isEqualTo(last);

        cluster.audit(List.of("moving"), List.of(0, 1, 2));
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aNodeKilledMidTurnHasItsMessageAnsweredByAnotherExactlyOnce(String bus) throws Exception {
        Cluster cluster = cluster(bus, 3);
        WsRecorder sender = cluster.connect(0, "killed", 0);
        WsRecorder watcher = cluster.connect(1, "killed", 0);
        List.of(sender, watcher).forEach(c -> c.expect("ready"));
        // How long a whole turn takes here, from the message to its stored reply: the answer after the kill streams
        // as long (with --bus postgres the watcher sees only the stored reply).
        long turnStart = System.nanoTime();
        sender.sendUserMessage("I want an agent that helps me plan trips", "m0");
        sender.framesThrough(reply());
        Duration turn = Duration.ofNanos(System.nanoTime() - turnStart);
        watcher.framesThrough(reply());

        sender.sendUserMessage("Call it Wanderlust", "m1");
        sender.framesThrough(ClusterIT::isDelta);
        cluster.node(0).kill();
        long killed = System.nanoTime();

        watcher.framesThrough(reply());
        Duration failover = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(failover).as("from the kill to the stored answer (a turn takes %s)", turn)
                .isLessThanOrEqualTo(Duration.ofMillis(Cluster.LEASE_MILLIS).plusSeconds(5).plus(turn));
        cluster.audit(List.of("killed"), List.of(1, 2));
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aNodePausedPastItsLeaseIsFencedAndStoresNothingWhenItWakes(String bus) throws Exception {
        Cluster cluster = cluster(bus, 3);
        WsRecorder sender = cluster.connect(0, "paused", 0);
        sender.expect("ready");

        sender.sendUserMessage("I want an agent that helps me plan trips", "m1");
        String staleReply = last(sender.framesThrough(ClusterIT::isDelta)).get("messageId").getAsString();
        // The node whose turn streams: the sender's, usually, but a node that heard of the stored message may take
        // the lease first. That one is paused, and the answer is watched from another.
        int running = cluster.leaseHolder("paused");
        WsRecorder watcher = cluster.connect((running + 1) % 3, "paused", 0);
        watcher.expect("ready");
        cluster.node(running).pause();
        JsonObject answer = last(watcher.framesThrough(reply()));
        cluster.node(running).resume();

        // The woken node stops its turn: its renewal finds the lease taken over, or (when the pause caught it inside
        // a transaction, which PostgreSQL ends after idle_in_transaction_session_timeout) fails past the lease, and
        // the node cannot know it may still speak. Either way it says so, and its turn stops.
        cluster.node(running).awaitOutput(line -> line.contains("this node's turn stops"));
        // Whatever the woken node sent before it found out would reach the watcher before its next reply.
        watcher.sendUserMessage("Call it Wanderlust", "m2");
        List<JsonObject> afterWaking = watcher.framesThrough(reply());
        assertThat(afterWaking).as("deltas of the fenced node's turn after it woke")
                .noneMatch(f -> isDelta(f) && f.get("messageId").getAsString().equals(staleReply));
        assertThat(afterWaking).as("a failure announced for the turn another node answered")
                .noneMatch(f -> f.get("type").getAsString().equals("error"));
        cluster.audit(List.of("paused"), List.of(0, 1, 2));
        assertThat(cluster.history(0, "paused")).filteredOn(reply()).first().isEqualTo(answer);
        assertThat(cluster.history(0, "paused")).filteredOn(reply())
                .noneMatch(f -> f.getAsJsonObject("message").get("id").getAsString().equals(staleReply));
    }

    @Test
    void nothingIsMissingAfterRedisIsRestarted() throws Exception {
        RedisServer redis = RedisServer.start();
        open.add(redis);
        Cluster cluster = cluster("redis", 3, PostgresServer.shared().createDatabase(), redis.url());
        WsRecorder sender = cluster.connect(0, "redis-down", 0);
        WsRecorder watcher = cluster.connect(1, "redis-down", 0);
        List.of(sender, watcher).forEach(c -> c.expect("ready"));

        redis.stop();
        sender.sendUserMessage("I want an agent that helps me plan trips", "m1");
        sender.awaitFrame("ack");
        JsonObject answer = last(sender.framesThrough(reply()));
        redis.startAgain();

        // Node 1 heard nothing while Redis was down: it catches up from the store once it is back.
        assertThat(last(watcher.framesThrough(reply()))).isEqualTo(answer);
        sender.sendUserMessage("Call it Wanderlust", "m2");
        last(watcher.framesThrough(reply()));
        cluster.audit(List.of("redis-down"), List.of(0, 1, 2));
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aMessageSentWhilePostgresIsDownIsRefusedAndEverythingWorksOnceItIsBack(String bus) throws Exception {
        PostgresServer postgres = PostgresServer.start();
        open.add(postgres);
        Cluster cluster = cluster(bus, 3, postgres.createDatabase(),
                bus.equals("redis") ? RedisServer.shared().url() : null);
        WsRecorder client = cluster.connect(0, "db-down", 0);
        client.expect("ready");
        client.sendUserMessage("I want an agent that helps me plan trips", "m1");
        client.framesThrough(reply());

        postgres.stop();
        client.sendUserMessage("Call it Wanderlust", "m2");
        JsonObject refused = client.awaitFrame("error");
        assertThat(refused.get("code").getAsString()).isEqualTo("internal");
        postgres.startAgain();

        WsRecorder again = cluster.connect(1, "db-down", 0);
        again.expect("ready");
        again.sendUserMessage("Call it Wanderlust", "m3");
        again.awaitFrame("ack");
        again.framesThrough(reply());
        // The first client is still connected to node 0, which was refused meanwhile: it hears the answer too.
        client.framesThrough(reply());
        cluster.audit(List.of("db-down"), List.of(0, 1, 2));
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void clientsHoppingBetweenNodesWhileTheySendLoseNothingAndDoubleNothing(String bus) throws Exception {
        Cluster cluster = cluster(bus, 3);
        List<String> threads = List.of("hop-1", "hop-2", "hop-3");
        long[] lastSeq = new long[threads.size()];
        for (int round = 0; round < 3; round++) {
            for (int t = 0; t < threads.size(); t++) {
                WsRecorder client = cluster.connect((round + t) % 3, threads.get(t), lastSeq[t]);
                client.expect("ready");
                client.sendUserMessage("Round " + round + ": I want an agent that helps me plan trips",
                        "r" + round);
                if (round == 1) {
                    // Leaves as soon as the message is safe; the turn goes on without it.
                    lastSeq[t] = Math.max(lastSeq[t], client.awaitFrame("ack").get("seq").getAsLong());
                } else {
                    lastSeq[t] = Math.max(lastSeq[t], maxSeq(client.framesThrough(reply())));
                }
                client.close();
            }
        }
        cluster.audit(threads, List.of(0, 1, 2));
    }

    private static JsonObject last(List<JsonObject> frames) {
        return frames.get(frames.size() - 1);
    }

    private static long maxSeq(List<JsonObject> frames) {
        return frames.stream().filter(f -> f.has("seq") && !f.get("type").getAsString().equals("ack"))
                .mapToLong(f -> f.get("seq").getAsLong()).max().orElse(0);
    }
}
