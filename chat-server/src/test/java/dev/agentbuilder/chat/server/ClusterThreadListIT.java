package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's list on a three-node cluster: what one tab does on one node reaches a tab on another within a second, and
 * a deleted thread is gone from every node and every table, its running turn included.
 */
@Timeout(180)
class ClusterThreadListIT {

    /**
     * A change in one tab reaches another tab, on another node, within a second on a quiet machine (the closing note
     * of issue 29 has the figures); a test asserts only a bound that no load reaches, so that it cannot flake: a
     * change that waited for the five-second catch-up, or was lost, fails it.
     */
    private static final long WITHIN_MILLIS = 4_000;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Cluster cluster(String bus, String databaseUrl) throws Exception {
        Cluster cluster = new Cluster(databaseUrl, bus, bus.equals("redis") ? RedisServer.shared().url() : null);
        open.add(cluster);
        cluster.start(3);
        return cluster;
    }

    private static Predicate<JsonObject> reply() {
        return f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant");
    }

    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aRenameAndADeleteInATabOnOneNodeReachATabOnAnotherWithinASecond(String bus) throws Exception {
        Cluster cluster = cluster(bus, PostgresServer.shared().createDatabase());
        WsRecorder thread = cluster.connect(0, "trips", 0);
        thread.expect("ready");
        thread.sendUserMessage("I want an agent that helps me plan trips", "m1");
        thread.framesThrough(reply());
        WsRecorder other = cluster.connect(0, "recipes", 0);
        other.expect("ready");

        WsRecorder watcher = cluster.connectUser(1, "alice");
        watcher.send("{\"type\":\"list_threads\"}");
        JsonObject page = watcher.expect("threads");
        assertThat(ids(page)).containsExactly("recipes", "trips");
        watcher.send("{\"type\":\"list_threads\",\"query\":\"no such agent\",\"watch\":false}");
        assertThat(ids(watcher.expect("threads"))).isEmpty();
        String agentName = page.getAsJsonArray("threads").get(1).getAsJsonObject().getAsJsonObject("agent")
                .get("name").getAsString();
        watcher.send("{\"type\":\"list_threads\",\"query\":\"" + agentName.toUpperCase() + "\"}");
        assertThat(ids(watcher.expect("threads"))).containsExactly("trips");
        watcher.send("{\"type\":\"list_threads\"}");
        watcher.expect("threads");

        WsRecorder actor = cluster.connectUser(2, "alice");
        long renamedAt = System.nanoTime();
        actor.send("{\"type\":\"rename_thread\",\"threadId\":\"trips\",\"title\":\"Trips with Mum\"}");
        JsonObject renamed = awaitChange(watcher, "renamed");
        long renameMillis = (System.nanoTime() - renamedAt) / 1_000_000;
        assertThat(renamed.getAsJsonObject("thread").get("title").getAsString()).isEqualTo("Trips with Mum");
        assertThat(actor.expect("thread_renamed").getAsJsonObject("thread").get("title").getAsString())
                .isEqualTo("Trips with Mum");

        long deletedAt = System.nanoTime();
        actor.send("{\"type\":\"delete_thread\",\"threadId\":\"trips\"}");
        awaitChange(watcher, "deleted");
        long deleteMillis = (System.nanoTime() - deletedAt) / 1_000_000;
        assertThat(thread.awaitFrame("error").get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(thread.awaitClose()).isEqualTo(CloseCodes.THREAD_DELETED);
        assertThat(renameMillis).as("the rename reached the other node's tab, in ms").isLessThan(WITHIN_MILLIS);
        assertThat(deleteMillis).as("the delete reached the other node's tab, in ms").isLessThan(WITHIN_MILLIS);

        watcher.send("{\"type\":\"list_threads\"}");
        assertThat(ids(watcher.awaitFrame("threads"))).containsExactly("recipes");
    }

    @Test
    void aThreadDeletedWhileAnotherNodeRunsItsTurnIsGoneFromEveryTableAndItsIdStartsEmpty() throws Exception {
        String database = PostgresServer.shared().createDatabase();
        Cluster cluster = cluster("redis", database);
        WsRecorder keep = cluster.connect(1, "kept", 0);
        keep.expect("ready");
        keep.sendUserMessage("I want an agent that helps me plan trips", "k1");
        keep.framesThrough(reply());

        WsRecorder sender = cluster.connect(0, "doomed", 0);
        sender.expect("ready");
        sender.sendUserMessage("I want an agent that helps me plan trips", "d1");
        sender.awaitFrame("assistant_delta");

        WsRecorder actor = cluster.connectUser(2, "alice");
        actor.send("{\"type\":\"delete_thread\",\"threadId\":\"doomed\",\"clientMessageId\":\"x\"}");
        assertThat(actor.expect("thread_deleted").get("clientMessageId").getAsString()).isEqualTo("x");
        assertThat(sender.awaitFrame("error").get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(sender.awaitClose()).isEqualTo(CloseCodes.THREAD_DELETED);
        assertThat(rowsHolding(database, "doomed")).as("rows of the deleted thread").isEmpty();

        // The id used again starts empty; a turn answered there takes seconds, long past the end the deleted turn
        // had: had any of its writes got through, the new thread would hold them.
        WsRecorder again = cluster.connect(1, "doomed", 0);
        assertThat(again.expect("ready").get("lastSeq").getAsLong()).isZero();
        again.sendUserMessage("I want an agent that suggests recipes", "n1");
        again.framesThrough(reply());
        cluster.audit(List.of("doomed", "kept"), List.of(0, 1, 2));
        List<JsonObject> history = cluster.history(2, "doomed");
        assertThat(history).filteredOn(f -> f.get("type").getAsString().equals("message"))
                .extracting(f -> f.getAsJsonObject("message").get("content").getAsString())
                .first().isEqualTo("I want an agent that suggests recipes");
        assertThat(history).filteredOn(f -> f.get("type").getAsString().equals("message")).hasSize(2);
        assertThat(rowsHolding(database, "kept")).as("rows of the thread kept").isNotEmpty();
    }

    @Test
    void aServiceTokenListsAndDeletesAnyUsersThreadsThroughAnyNodeWhileAUserTokenReachesOnlyItsOwn()
            throws Exception {
        String secret = "a-cluster-secret-that-is-long-enough-for-hs256";
        Cluster cluster = new Cluster(PostgresServer.shared().createDatabase(), "redis", RedisServer.shared().url(),
                List.of("--auth-secret", secret));
        open.add(cluster);
        cluster.start(3);
        String alice = AccessTest.sign(secret, AccessTest.claims("alice", null, 600));
        String service = AccessTest.sign(secret, new JWTClaimsSet.Builder(AccessTest.claims("backend", null, 600))
                .claim("role", "service").build());
        WsRecorder thread = WsRecorder.connect(cluster.wsUrl(0) + "?threadId=svc&userId=alice&token=" + alice);
        thread.expect("ready");
        thread.sendUserMessage("I want an agent that helps me plan trips", "s1");
        thread.framesThrough(reply());

        HttpResponse<String> listed = http(cluster.apiUrl(1) + "/v1/users/alice/threads", "GET", service);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(ids(JsonParser.parseString(listed.body()).getAsJsonObject())).containsExactly("svc");
        assertThat(http(cluster.apiUrl(1) + "/v1/users/bob/threads", "GET", alice).statusCode())
                .as("alice's token on bob's list").isEqualTo(404);
        assertThat(http(cluster.apiUrl(1) + "/v1/threads/svc", "GET", null).statusCode()).isEqualTo(401);

        assertThat(http(cluster.apiUrl(2) + "/v1/threads/svc", "DELETE", service).statusCode()).isEqualTo(204);
        assertThat(thread.awaitFrame("error").get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(thread.awaitClose()).isEqualTo(CloseCodes.THREAD_DELETED);
        HttpResponse<String> after = http(cluster.apiUrl(0) + "/v1/users/alice/threads", "GET", alice);
        assertThat(ids(JsonParser.parseString(after.body()).getAsJsonObject())).isEmpty();
        assertThat(http(cluster.apiUrl(0) + "/v1/threads/svc", "GET", service).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> http(String url, String method, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                HttpRequest.BodyPublishers.noBody()).timeout(java.time.Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(JsonObject threads) {
        List<String> ids = new ArrayList<>();
        for (JsonElement t : threads.getAsJsonArray("threads")) {
            ids.add(t.getAsJsonObject().get("threadId").getAsString());
        }
        return ids;
    }

    private static JsonObject awaitChange(WsRecorder watcher, String change) {
        while (true) {
            JsonObject frame = watcher.awaitFrame("thread_changed");
            if (frame.get("change").getAsString().equals(change)) {
                return frame;
            }
        }
    }

    /** Every row, of every table of the database but Flyway's, with a text column that is or starts with the id. */
    static List<String> rowsHolding(String databaseUrl, String threadId) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(databaseUrl); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                    + "AND table_name <> 'flyway_schema_history'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertThat(tables).as("tables of the database").contains("threads", "events");
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = r.getMetaData();
                    while (r.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String value = r.getString(i);
                            if (value != null && (value.equals(threadId) || value.startsWith(threadId + ":")
                                    || value.startsWith(threadId + "#"))) {
                                found.add(table + "." + meta.getColumnName(i) + " = " + value);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
