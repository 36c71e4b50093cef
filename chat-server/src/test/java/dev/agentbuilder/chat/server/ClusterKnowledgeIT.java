package dev.agentbuilder.chat.server;

import static dev.agentbuilder.chat.server.KnowledgeFixtures.PDF_ANSWER;
import static dev.agentbuilder.chat.server.KnowledgeFixtures.PDF_QUESTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.postgres.PostgresServer;
import dev.agentbuilder.chat.redis.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Knowledge files on a three-node cluster (PostgreSQL, and Redis or PostgreSQL's bus): a file uploaded through one node is indexed once,
 * its status reaches a tab on another node, a preview asked there answers from it, and deleting the thread through a
 * third node leaves nothing of the files or their passages in any table.
 */
@Timeout(180)
class ClusterKnowledgeIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /**
     * With Redis the file's status crosses nodes on the bus; PostgreSQL's bus carries stored events only, and the
     * session's catch-up (every 5 s) reads the status from the store instead.
     */
    @ParameterizedTest(name = "--bus {0}")
    @ValueSource(strings = {"redis", "postgres"})
    void aFileUploadedThroughOneNodeAnswersAPreviewOnAnotherAndGoesWithItsThread(String bus) throws Exception {
        String database = PostgresServer.shared().createDatabase();
        Cluster cluster = new Cluster(database, bus, bus.equals("redis") ? RedisServer.shared().url() : null);
        open.add(cluster);
        cluster.start(3);
        WsRecorder tab = cluster.connect(2, "kb", 0);
        tab.expect("ready");
        tab.sendUserMessage("I want an agent that answers questions about our handbook", "m1");
        tab.framesThrough(f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
        tab.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));

        String pdf = upload(cluster, 0, "handbook.pdf", KnowledgeFixtures.handbookPdf());
        String notes = upload(cluster, 0, "notes.md", KnowledgeFixtures.notesMarkdown());

        Set<String> ready = new HashSet<>();
        long version = 0;
        while (ready.size() < 2 || version == 0) {
            // A file's status comes in file_status, or in a draft made after the node that made it heard of it.
            JsonObject frame = tab.nextFrame();
            if (frame.get("type").getAsString().equals("file_status")) {
                assertThat(frame.getAsJsonObject("file").get("status").getAsString()).isEqualTo("ready");
                ready.add(frame.getAsJsonObject("file").get("fileId").getAsString());
            } else if (frame.get("type").getAsString().equals("agent_updated")) {
                JsonObject agent = frame.getAsJsonObject("agent");
                (agent.has("files") ? agent.getAsJsonArray("files") : new com.google.gson.JsonArray()).forEach(f -> {
                    if (f.getAsJsonObject().get("status").getAsString().equals("ready")) {
                        ready.add(f.getAsJsonObject().get("fileId").getAsString());
                    }
                });
                if (KnowledgeTest.fileNames(agent).size() == 2) {
                    version = agent.get("version").getAsLong();
                }
            }
        }
        assertThat(ready).containsExactlyInAnyOrder(pdf, notes);
        tab.send("{\"type\":\"update_agent\",\"baseVersion\":" + version
                + ",\"changes\":{\"capabilities\":[\"file_search\"]},\"clientMessageId\":\"e-1\"}");
        tab.awaitFrame("ack");

        KnowledgeTest.Reply answer = KnowledgeTest.preview(tab, PDF_QUESTION, "p-1");

        assertThat(answer.content()).contains(PDF_ANSWER).contains("handbook.pdf");
        assertThat(answer.citedFiles()).first().isEqualTo("handbook.pdf");
        long indexings = Arrays.stream(new int[] {0, 1, 2})
                .mapToLong(n -> cluster.node(n).output().lines()
                        .filter(l -> l.contains("indexed a knowledge file of thread kb")).count())
                .sum();
        assertThat(indexings).as("files indexed, on all nodes together").isEqualTo(2);
        assertThat(ClusterThreadListIT.rowsHolding(database, "kb")).anyMatch(r -> r.startsWith("knowledge_chunks."));

        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.apiUrl(1)
                + "/v1/threads/kb")).DELETE().timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(ClusterThreadListIT.rowsHolding(database, "kb")).as("rows of the deleted thread").isEmpty();
    }

    private static String upload(Cluster cluster, int node, String name, byte[] content) throws Exception {
        Multipart body = Multipart.file(name, content);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.apiUrl(node)
                + "/v1/threads/kb/files")).header("Content-Type", body.contentType()).POST(body.publisher())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JsonParser.parseString(answer.body()).getAsJsonObject().getAsJsonObject("file").get("fileId")
                .getAsString();
    }
}
