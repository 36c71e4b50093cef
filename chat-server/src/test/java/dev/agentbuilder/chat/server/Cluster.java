package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Packaged chat servers run as the nodes of one cluster: the same PostgreSQL database, the same bus, a short turn
 * lease; and the audit every fault test ends with. Not thread-safe: one test drives it.
 */
final class Cluster implements AutoCloseable {

    /** Short, so that failover fits in a test; the offline model's pace makes a reply last a few seconds. */
    static final long LEASE_MILLIS = 2_000;
    static final String LEASE = LEASE_MILLIS + "ms";

    private final String databaseUrl;
    private final List<String> busArgs;
    private final Map<String, String> env;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    /**
     * @param bus      {@code redis} or {@code postgres}
     * @param redisUrl the Redis of the {@code redis} bus
     */
    Cluster(String databaseUrl, String bus, String redisUrl) {
        this(databaseUrl, bus, redisUrl, List.of());
    }

    /** @param extraArgs options every node starts with besides the cluster's own (a secret, say) */
    Cluster(String databaseUrl, String bus, String redisUrl, List<String> extraArgs) {
        this(databaseUrl, bus, redisUrl, extraArgs, Map.of());
    }

    /** @param env environment variables every node starts with (a provider's API key, say) */
    Cluster(String databaseUrl, String bus, String redisUrl, List<String> extraArgs, Map<String, String> env) {
        this.databaseUrl = databaseUrl;
        this.env = Map.copyOf(env);
        List<String> args = new ArrayList<>(bus.equals("redis") ? List.of("--bus", "redis", "--redis-url", redisUrl)
                : List.of("--bus", "postgres"));
        args.addAll(extraArgs);
        this.busArgs = List.copyOf(args);
    }

    /** Starts a node and waits for it to listen; returns its index. */
    int start() throws IOException, InterruptedException {
        int index = launch();
        ports.add(nodes.get(index).awaitPort());
        return index;
    }

    /**
     * Starts {@code count} nodes at once (their JVMs start side by side, and the first migrations of the database are
     * Flyway's to order) and waits for each to listen.
     */
    void start(int count) throws IOException, InterruptedException {
        int first = nodes.size();
        for (int i = 0; i < count; i++) {
            launch();
        }
        for (int i = first; i < nodes.size(); i++) {
            ports.add(nodes.get(i).awaitPort());
        }
    }

    private int launch() throws IOException {
        int index = nodes.size();
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0",
                "--store", "postgres", "--database-url", databaseUrl, "--node-id", "node-" + index,
                "--turn-lease", LEASE, "--offline-chunk-delay", "40ms", "--session-grace", "0s"));
        args.addAll(busArgs);
        nodes.add(ServerProcess.start(env, args.toArray(String[]::new)));
        return index;
    }

    /** The index of the node that holds the thread's turn lease now, as the database says. */
    int leaseHolder(String threadId) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(databaseUrl);
                java.sql.PreparedStatement s = c.prepareStatement(
                        "SELECT lease_owner FROM threads WHERE thread_id = ? AND lease_until > now()")) {
            s.setString(1, threadId);
            try (java.sql.ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as("a live lease on thread %s", threadId).isTrue();
                return Integer.parseInt(r.getString(1).substring("node-".length()));
            }
        }
    }

    ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** Connects to a node's thread as alice. */
    WsRecorder connect(int node, String threadId, long lastSeq) {
        return WsRecorder.connect("ws://127.0.0.1:" + ports.get(node) + "/?threadId=" + threadId
                + "&userId=alice&lastSeq=" + lastSeq);
    }

    /** The node's WebSocket address, for a URL of the test's own making. */
    String wsUrl(int node) {
        return "ws://127.0.0.1:" + ports.get(node) + "/";
    }

    /** The base of the node's HTTP API, {@code http://127.0.0.1:PORT}. */
    String apiUrl(int node) {
        return "http://127.0.0.1:" + nodes.get(node).apiPort();
    }

    /** Opens a user connection (no thread: the user's list only) to a node. */
    WsRecorder connectUser(int node, String userId) {
        return WsRecorder.connect("ws://127.0.0.1:" + ports.get(node) + "/?userId=" + userId);
    }

    /**
     * The audit: on every node still running, a replay from 0 of each thread is the same, seqs run from 1 without a
     * gap, every clientMessageId is stored once, and every user message is answered exactly once (waiting, up to a
     * minute, for turns still running).
     */
    void audit(List<String> threadIds, List<Integer> liveNodes) {
        for (String threadId : threadIds) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> everyUserMessageAnswered(history(liveNodes.get(0), threadId)));
            List<JsonObject> reference = history(liveNodes.get(0), threadId);
            for (int node : liveNodes) {
                assertThat(history(node, threadId)).as("thread %s replayed by node %d", threadId, node)
                        .isEqualTo(reference);
            }
            assertThat(reference).extracting(f -> f.get("seq").getAsLong()).as("gap-free seq of %s", threadId)
                    .isEqualTo(LongStream.rangeClosed(1, reference.size()).boxed().toList());
            List<String> clientIds = new ArrayList<>();
            Map<String, Integer> replies = new HashMap<>();
            Set<String> users = new HashSet<>();
            for (JsonObject frame : reference) {
                if (!frame.get("type").getAsString().equals("message")) {
                    continue;
                }
                JsonObject m = frame.getAsJsonObject("message");
                if (m.get("role").getAsString().equals("user")) {
                    users.add(m.get("id").getAsString());
                    clientIds.add(m.get("clientMessageId").getAsString());
                } else {
                    replies.merge(m.get("replyTo").getAsString(), 1, Integer::sum);
                }
            }
            assertThat(clientIds).as("clientMessageIds of %s", threadId).doesNotHaveDuplicates();
            for (String user : users) {
                assertThat(replies.get(user)).as("replies to %s in %s", user, threadId).isEqualTo(1);
            }
            assertThat(replies.keySet()).as("replies to messages of %s", threadId).isEqualTo(users);
        }
    }

    private static boolean everyUserMessageAnswered(List<JsonObject> history) {
        Set<String> users = new HashSet<>();
        Set<String> answered = new HashSet<>();
        for (JsonObject frame : history) {
            if (frame.get("type").getAsString().equals("message")) {
                JsonObject m = frame.getAsJsonObject("message");
                if (m.get("role").getAsString().equals("user")) {
                    users.add(m.get("id").getAsString());
                } else {
                    answered.add(m.get("replyTo").getAsString());
                }
            }
        }
        return answered.containsAll(users);
    }

    /** Every stored event of the thread, as a node replays it from 0. */
    List<JsonObject> history(int node, String threadId) {
        WsRecorder reader = connect(node, threadId, 0);
        try {
            long last = reader.expect("ready").get("lastSeq").getAsLong();
            List<JsonObject> history = new ArrayList<>();
            while (history.size() < last) {
                JsonObject frame = reader.nextFrame();
                if (frame.has("seq")) {
                    history.add(frame);
                }
            }
            return history;
        } finally {
            reader.close();
        }
    }

    @Override
    public void close() {
        for (ServerProcess node : nodes) {
            node.close();
        }
    }
}
