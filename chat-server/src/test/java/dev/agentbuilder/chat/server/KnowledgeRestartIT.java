package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An indexing interrupted by a crash: the packaged server is killed with SIGKILL right after it answered an upload
 * (while the file is still being read and embedded: the model alone takes a second to load), and started again on
 * the same data directory. The file is indexed after the restart, once, and the store holds it and its passages
 * exactly once.
 */
@Timeout(120)
class KnowledgeRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aFileWhoseIndexingAKillNineInterruptedIsIndexedAfterTheRestart() throws Exception {
        String fileId;
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--api-port", "0",
                "--data-dir", dataDir.toString())) {
            int port = server.awaitPort();
            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=kb&userId=alice");
            client.expect("ready");
            client.close();
            Multipart body = Multipart.file("handbook.pdf", KnowledgeFixtures.handbookPdf());
            HttpResponse<String> added = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.apiPort() + "/v1/threads/kb/files")).header("Content-Type", body.contentType())
                    .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            fileId = JsonParser.parseString(added.body()).getAsJsonObject().getAsJsonObject("file").get("fileId")
                    .getAsString();
            server.kill();
        }
        assertThat(status(fileId)).as("the file as the kill left it").isEqualTo("indexing");

        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--api-port", "0",
                "--data-dir", dataDir.toString())) {
            server.awaitPort();
            String files = "http://127.0.0.1:" + server.apiPort() + "/v1/threads/kb/files";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                JsonArray listed = JsonParser.parseString(HTTP.send(HttpRequest.newBuilder(URI.create(files)).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject().getAsJsonArray("files");
                assertThat(listed).hasSize(1);
                JsonObject file = listed.get(0).getAsJsonObject();
                assertThat(file.get("fileId").getAsString()).isEqualTo(fileId);
                assertThat(file.get("status").getAsString()).isEqualTo("ready");
            });
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(status(fileId)).isEqualTo("ready");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM knowledge_files")).isEqualTo(1);
            long passages = count(s, "SELECT count(*) FROM knowledge_chunks WHERE file_id = '" + fileId + "'");
            assertThat(passages).isPositive();
            assertThat(count(s, "SELECT count(DISTINCT idx) FROM knowledge_chunks")).isEqualTo(passages);
            assertThat(count(s, "SELECT max(idx) + 1 FROM knowledge_chunks")).as("passages numbered without a gap")
                    .isEqualTo(passages);
        }
    }

    /** The file's status in the SQLite file, read with the server stopped. */
    private String status(String fileId) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("chat.db"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT status FROM knowledge_files WHERE file_id = '" + fileId + "'")) {
            assertThat(r.next()).as("file %s stored", fileId).isTrue();
            return r.getString(1);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
