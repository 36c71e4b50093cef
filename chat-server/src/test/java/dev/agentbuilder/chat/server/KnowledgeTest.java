package dev.agentbuilder.chat.server;

import static dev.agentbuilder.chat.server.KnowledgeFixtures.MARKDOWN_QUESTION;
import static dev.agentbuilder.chat.server.KnowledgeFixtures.PDF_ANSWER;
import static dev.agentbuilder.chat.server.KnowledgeFixtures.PDF_QUESTION;
import static dev.agentbuilder.chat.server.KnowledgeFixtures.UNANSWERED_QUESTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An agent's knowledge files, end to end on one server with the real reader and embedding model: uploaded over the
 * HTTP API, seen by every connection of the thread as draft changes and status changes, searched by the preview,
 * whose reply cites where its answer came from; listed, read back and removed.
 */
@Timeout(120)
class KnowledgeTest {

    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.withApi(Knowledgeable::engine, o -> o);
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPreviewAnswersAQuestionOnlyThePdfAnswersAndCitesThePdf() {
        WsRecorder alice = joined("kb-answer", "alice");
        WsRecorder otherTab = joined("kb-answer", "alice");

        JsonObject pdf = uploaded("kb-answer", "handbook.pdf", KnowledgeFixtures.handbookPdf());
        JsonObject notes = uploaded("kb-answer", "notes.md", KnowledgeFixtures.notesMarkdown());
        assertThat(pdf.get("type").getAsString()).isEqualTo("application/pdf");
        assertThat(pdf.get("status").getAsString()).isEqualTo("indexing");
        assertThat(notes.get("type").getAsString()).isEqualTo("text/markdown");

        for (WsRecorder tab : List.of(alice, otherTab)) {
            // Two draft changes and two files ready, in whatever order the indexing and the second upload go.
            List<JsonObject> drafts = new ArrayList<>();
            Set<String> ready = new HashSet<>();
            while (drafts.size() < 2 || ready.size() < 2) {
                JsonObject frame = tab.nextFrame();
                switch (frame.get("type").getAsString()) {
                    case "agent_updated" -> drafts.add(frame);
                    case "file_status" -> {
                        assertThat(frame.getAsJsonObject("file").get("status").getAsString()).isEqualTo("ready");
                        ready.add(frame.getAsJsonObject("file").get("fileId").getAsString());
                    }
                    default -> throw new AssertionError("unexpected " + frame);
                }
            }
            assertThat(drafts).allSatisfy(d -> assertThat(d.get("source").getAsString()).isEqualTo("user"));
            assertThat(fileNames(drafts.get(0).getAsJsonObject("agent"))).containsExactly("handbook.pdf");
            assertThat(fileNames(drafts.get(1).getAsJsonObject("agent"))).containsExactly("handbook.pdf", "notes.md");
            assertThat(ready).containsExactlyInAnyOrder(pdf.get("fileId").getAsString(),
                    notes.get("fileId").getAsString());
        }
        long version = draftVersion("kb-answer");
        alice.send("{\"type\":\"update_agent\",\"baseVersion\":" + version
                + ",\"changes\":{\"capabilities\":[\"file_search\"]},\"clientMessageId\":\"e-1\"}");
        alice.expect("ack");

        Reply answer = preview(alice, PDF_QUESTION, "p-1");
        assertThat(answer.content()).contains("handbook.pdf").contains(PDF_ANSWER);
        assertThat(answer.citedFiles()).first().isEqualTo("handbook.pdf");
        assertThat(answer.firstDeltaCitations()).isEqualTo(answer.citations());
        assertThat(answer.citations().get(0).getAsJsonObject().get("text").getAsString()).contains(PDF_ANSWER);

        Reply wifi = preview(alice, MARKDOWN_QUESTION, "p-2");
        assertThat(wifi.citedFiles()).first().isEqualTo("notes.md");
        assertThat(wifi.content()).contains("blue-otter-42");

        Reply unanswered = preview(alice, UNANSWERED_QUESTION, "p-3");
        assertThat(unanswered.citations()).isEmpty();
        assertThat(unanswered.content()).contains("don't cover");
        alice.close();
        otherTab.close();
    }

    @Test
    void theFilesAreListedWithTheirStatusAndTheirBytesComeBackAsUploaded() {
        WsRecorder alice = joined("kb-list", "alice");
        byte[] notes = KnowledgeFixtures.notesMarkdown();
        String fileId = uploaded("kb-list", "../../etc/notes.md", notes).get("fileId").getAsString();
        awaitReady(alice, 1);

        JsonArray files = api.get("/v1/threads/kb-list/files").json().getAsJsonArray("files");
        assertThat(files).hasSize(1);
        JsonObject listed = files.get(0).getAsJsonObject();
        assertThat(listed.get("name").getAsString()).isEqualTo("notes.md");
        assertThat(listed.get("status").getAsString()).isEqualTo("ready");
        assertThat(listed.get("size").getAsLong()).isEqualTo(notes.length);

        ApiClient.Answer content = api.get("/v1/threads/kb-list/files/" + fileId + "/content");
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.bytes()).isEqualTo(notes);
        assertThat(content.header("Content-Type")).startsWith("text/markdown");
        assertThat(content.header("Content-Disposition")).contains("notes.md");
        alice.close();
    }

    @Test
    void removingAFileTakesItOutOfTheDraftAndDeletesItsBytes() {
        WsRecorder alice = joined("kb-remove", "alice");
        String fileId = uploaded("kb-remove", "notes.md", KnowledgeFixtures.notesMarkdown()).get("fileId")
                .getAsString();
        alice.awaitFrame("agent_updated");

        assertThat(api.delete("/v1/threads/kb-remove/files/" + fileId).status()).isEqualTo(204);

        JsonObject removed = alice.awaitFrame("agent_updated");
        assertThat(removed.get("source").getAsString()).isEqualTo("user");
        assertThat(fileNames(removed.getAsJsonObject("agent"))).isEmpty();
        assertThat(api.get("/v1/threads/kb-remove/files").json().getAsJsonArray("files")).isEmpty();
        assertThat(api.get("/v1/threads/kb-remove/files/" + fileId + "/content").status()).isEqualTo(404);
        assertThat(api.delete("/v1/threads/kb-remove/files/" + fileId).status()).isEqualTo(404);
        alice.close();
    }

    @Test
    void aRevertRestoresTheFilesOfThatVersionThatAreStillStored() {
        WsRecorder alice = joined("kb-revert", "alice");
        String first = uploaded("kb-revert", "notes.md", KnowledgeFixtures.notesMarkdown()).get("fileId")
                .getAsString();
        long withOne = alice.awaitFrame("agent_updated").getAsJsonObject("agent").get("version").getAsLong();
        uploaded("kb-revert", "handbook.pdf", KnowledgeFixtures.handbookPdf());
        alice.awaitFrame("agent_updated");
        api.delete("/v1/threads/kb-revert/files/" + fileId("kb-revert", "handbook.pdf"));
        alice.awaitFrame("agent_updated");

        alice.send("{\"type\":\"revert_agent\",\"version\":" + withOne + ",\"clientMessageId\":\"r-1\"}");
        JsonObject reverted = alice.awaitFrame("agent_updated");

        assertThat(reverted.get("source").getAsString()).isEqualTo("revert");
        assertThat(fileNames(reverted.getAsJsonObject("agent"))).containsExactly("notes.md");
        assertThat(api.get("/v1/threads/kb-revert/files").json().getAsJsonArray("files")).hasSize(1);
        assertThat(first).isEqualTo(fileId("kb-revert", "notes.md"));
        alice.close();
    }

    @Test
    void theExportsListTheFilesAndTheJsonOneSaysWhereTheirBytesAre() {
        WsRecorder alice = joined("kb-export", "alice");
        byte[] notes = KnowledgeFixtures.notesMarkdown();
        String fileId = uploaded("kb-export", "notes.md", notes).get("fileId").getAsString();
        awaitReady(alice, 1);

        alice.send("{\"type\":\"export_agent\",\"format\":\"json\"}");
        String exported = alice.awaitFrame("agent_export").get("content").getAsString();

        assertThat(api.get("/v1/threads/kb-export/agent?format=json").body()).isEqualTo(exported);
        JsonObject file = com.google.gson.JsonParser.parseString(exported).getAsJsonObject()
                .getAsJsonArray("files").get(0).getAsJsonObject();
        assertThat(file.get("name").getAsString()).isEqualTo("notes.md");
        assertThat(file.has("status")).isFalse();
        assertThat(api.get(file.get("contentPath").getAsString()).bytes()).isEqualTo(notes);
        assertThat(api.get("/v1/threads/kb-export/agent?format=markdown").body()).contains("## Knowledge")
                .contains("notes.md (text/markdown");
        alice.close();
    }

    @Test
    void deletingTheThreadDeletesItsFiles() {
        WsRecorder alice = joined("kb-delete", "alice");
        uploaded("kb-delete", "notes.md", KnowledgeFixtures.notesMarkdown());
        awaitReady(alice, 1);
        alice.close();

        assertThat(api.delete("/v1/threads/kb-delete").status()).isEqualTo(204);

        assertThat(server.server.engine().knowledge().files("kb-delete", null).join()).isEmpty();
        assertThat(api.get("/v1/threads/kb-delete/files").status()).isEqualTo(404);
    }

    /** Connected to the thread (created for the user when new), its replay read. */
    static WsRecorder joined(String threadId, String userId) {
        WsRecorder client = server.connect(threadId, userId);
        long stored = client.expect("ready").get("lastSeq").getAsLong();
        for (long seq = 1; seq <= stored; seq++) {
            client.nextFrame();
        }
        return client;
    }

    static JsonObject uploaded(String threadId, String name, byte[] content) {
        ApiClient.Answer answer = Multipart.file(name, content).upload(api, threadId);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().getAsJsonObject("file");
    }

    private static String fileId(String threadId, String name) {
        for (JsonElement f : api.get("/v1/threads/" + threadId + "/files").json().getAsJsonArray("files")) {
            if (f.getAsJsonObject().get("name").getAsString().equals(name)) {
                return f.getAsJsonObject().get("fileId").getAsString();
            }
        }
        throw new AssertionError("no file " + name);
    }

    private static long draftVersion(String threadId) {
        return api.get("/v1/threads/" + threadId).json().getAsJsonObject("agent").get("version").getAsLong();
    }

    /** Waits for {@code count} files of the thread to be ready, as file_status frames say. */
    static void awaitReady(WsRecorder tab, int count) {
        Set<String> ready = new HashSet<>();
        while (ready.size() < count) {
            JsonObject file = tab.awaitFrame("file_status").getAsJsonObject("file");
            assertThat(file.get("status").getAsString()).as(file.toString()).isEqualTo("ready");
            ready.add(file.get("fileId").getAsString());
        }
    }

    static List<String> fileNames(JsonObject agent) {
        List<String> names = new ArrayList<>();
        if (agent.has("files")) {
            agent.getAsJsonArray("files").forEach(f -> names.add(f.getAsJsonObject().get("name").getAsString()));
        }
        return names;
    }

    /** A preview reply: its text, its citations, and those its first delta carried. */
    record Reply(String content, List<JsonElement> citations, List<JsonElement> firstDeltaCitations) {
        List<String> citedFiles() {
            return citations.stream().map(c -> c.getAsJsonObject().get("fileName").getAsString()).toList();
        }
    }

    static Reply preview(WsRecorder client, String question, String clientMessageId) {
        client.send("{\"type\":\"user_message\",\"content\":\"" + question + "\",\"clientMessageId\":\""
                + clientMessageId + "\",\"mode\":\"preview\"}");
        List<JsonElement> firstDelta = null;
        while (true) {
            JsonObject frame = client.nextFrame();
            String type = frame.get("type").getAsString();
            if (type.equals("assistant_delta") && firstDelta == null) {
                firstDelta = frame.has("citations") ? list(frame.getAsJsonArray("citations")) : List.of();
            }
            if (type.equals("message") && frame.getAsJsonObject("message").get("role").getAsString()
                    .equals("assistant")) {
                JsonObject message = frame.getAsJsonObject("message");
                assertThat(message.get("channel").getAsString()).isEqualTo("preview");
                return new Reply(message.get("content").getAsString(),
                        message.has("citations") ? list(message.getAsJsonArray("citations")) : List.of(),
                        firstDelta == null ? List.of() : firstDelta);
            }
        }
    }

    private static List<JsonElement> list(JsonArray array) {
        List<JsonElement> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
