package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.protocol.CloseCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP API on a real server without authentication: threads made by real WebSocket conversations with the offline
 * model, then listed, searched, paged, read, exported, renamed and deleted over HTTP. Every answer is held to
 * docs/openapi.json by {@link ApiClient}.
 */
@Timeout(60)
class ThreadsApiTest {

    private TestServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.withApi(b -> b, o -> o);
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aUsersThreadsAreListedNewestFirstWithTheirAgentsAndLastMessages() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        Conversations.converse(server, "recipes", "alice", "I want an agent that suggests recipes");
        Conversations.converse(server, "other", "bob", "I want an agent that reviews code");

        ApiClient.Answer answer = api.get("/v1/users/alice/threads");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonObject page = answer.json();
        assertThat(ids(page)).containsExactly("recipes", "trips");
        assertThat(page.get("nextCursor").isJsonNull()).isTrue();
        JsonObject newest = page.getAsJsonArray("threads").get(0).getAsJsonObject();
        assertThat(newest.getAsJsonObject("agent").get("name").getAsString()).isNotBlank();
        assertThat(newest.get("title").getAsString()).isEqualTo(newest.getAsJsonObject("agent").get("name")
                .getAsString());
        assertThat(newest.getAsJsonObject("agent").get("version").getAsLong()).isPositive();
        assertThat(newest.get("messageCount").getAsLong()).isEqualTo(2);
        assertThat(newest.get("lastMessage").getAsString()).isNotBlank();
        assertThat(newest.get("updatedAt").getAsString()).isGreaterThanOrEqualTo(newest.get("createdAt")
                .getAsString());
    }

    @Test
    void aThreadWithoutMessagesIsListedWithoutALastMessage() {
        WsRecorder client = server.connect("empty", "alice");
        client.expect("ready");

        JsonObject thread = api.get("/v1/users/alice/threads").json().getAsJsonArray("threads").get(0)
                .getAsJsonObject();

        assertThat(thread.get("threadId").getAsString()).isEqualTo("empty");
        assertThat(thread.has("lastMessage")).isFalse();
        assertThat(thread.get("messageCount").getAsLong()).isZero();
        assertThat(thread.get("title").getAsString()).isEmpty();
        client.close();
    }

    @Test
    void aThreadWithANewMessageMovesToTheTopOfTheList() {
        Conversations.converse(server, "first", "alice", "I want an agent that helps me plan trips");
        Conversations.converse(server, "second", "alice", "I want an agent that suggests recipes");

        Conversations.converse(server, "first", "alice", "Make it answer in French");

        assertThat(ids(api.get("/v1/users/alice/threads").json())).containsExactly("first", "second");
    }

    @Test
    void pagingWithCursorsVisitsEveryThreadOnceNewestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Conversations.converse(server, "t" + i, "alice", "I want an agent that helps with task " + i);
            created.add(0, "t" + i);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = api.get("/v1/users/alice/threads?limit=2"
                    + (cursor == null ? "" : "&cursor=" + encode(cursor))).json();
            sizes.add(page.getAsJsonArray("threads").size());
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isJsonNull() ? null : page.get("nextCursor").getAsString();
        } while (cursor != null);

        assertThat(seen).isEqualTo(created);
        assertThat(sizes).containsExactly(2, 2, 1);
    }

    @Test
    void theSearchFindsThreadsByTitleIgnoringCaseAndPagesWithinIt() {
        for (String id : List.of("a", "b", "c", "d")) {
            Conversations.converse(server, id, "alice", "I want an agent that helps with " + id);
        }
        assertThat(api.patch("/v1/threads/a", "{\"title\":\"Summer Trip\"}").status()).isEqualTo(200);
        assertThat(api.patch("/v1/threads/c", "{\"title\":\"Winter trip to Oslo\"}").status()).isEqualTo(200);

        JsonObject first = api.get("/v1/users/alice/threads?q=TRIP&limit=1").json();
        JsonObject second = api.get("/v1/users/alice/threads?q=TRIP&limit=1&cursor="
                + encode(first.get("nextCursor").getAsString())).json();

        assertThat(ids(first)).containsExactly("c");
        assertThat(ids(second)).containsExactly("a");
        assertThat(second.get("nextCursor").isJsonNull()).isTrue();
        assertThat(ids(api.get("/v1/users/alice/threads?q=oslo").json())).containsExactly("c");
        assertThat(ids(api.get("/v1/users/alice/threads?q=nothing-like-this").json())).isEmpty();
    }

    @Test
    void aThreadsDetailsAreItsListingAndItsDraftAsTheWebSocketHasIt() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        WsRecorder client = server.connect("trips", "alice");
        JsonObject ready = client.expect("ready");

        JsonObject details = api.get("/v1/threads/trips").json();

        assertThat(details.get("agent")).isEqualTo(ready.get("agent"));
        assertThat(details.getAsJsonObject("thread")).isEqualTo(api.get("/v1/users/alice/threads").json()
                .getAsJsonArray("threads").get(0));
        client.close();
    }

    @Test
    void eventsArePagedInSeqOrderAndAreTheFramesTheWebSocketSends() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        WsRecorder replay = server.connect("trips", "alice");
        long lastSeq = replay.expect("ready").get("lastSeq").getAsLong();
        List<JsonElement> replayed = new ArrayList<>();
        for (long seq = 1; seq <= lastSeq; seq++) {
            replayed.add(replay.nextFrame());
        }
        replay.close();

        List<JsonElement> paged = new ArrayList<>();
        List<JsonElement> nextAfters = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonObject page = api.get("/v1/threads/trips/events?limit=2&after=" + after).json();
            page.getAsJsonArray("events").forEach(paged::add);
            nextAfters.add(page.get("nextAfter"));
            if (page.get("nextAfter").isJsonNull()) {
                break;
            }
            after = page.get("nextAfter").getAsLong();
        }

        assertThat(lastSeq).isGreaterThan(2);
        assertThat(paged).isEqualTo(replayed);
        assertThat(paged.stream().map(e -> e.getAsJsonObject().get("seq").getAsLong()))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lastSeq).boxed().toList());
        assertThat(api.get("/v1/threads/trips/events").json().getAsJsonArray("events")).hasSize((int) lastSeq);
        assertThat(api.get("/v1/threads/trips/events?after=" + lastSeq).json().getAsJsonArray("events")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"json, application/json", "openai, application/json", "markdown, text/markdown; charset=utf-8"})
    void theExportIsTheContentOfTheWebSocketsAgentExport(String format, String contentType) {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        WsRecorder client = server.connect("trips", "alice");
        client.expect("ready");
        client.send("{\"type\":\"export_agent\",\"format\":\"" + format + "\"}");
        String content = client.awaitFrame("agent_export").get("content").getAsString();
        client.close();

        ApiClient.Answer answer = api.get("/v1/threads/trips/agent?format=" + format);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualToIgnoringCase(contentType);
        assertThat(answer.bytes()).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theExportIsJsonWhenNoFormatIsAsked() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");

        assertThat(api.get("/v1/threads/trips/agent").body()).isEqualTo(api.get("/v1/threads/trips/agent?format=json")
                .body());
    }

    @Test
    void aRenameAnswersTheRenamedThreadAndShowsInTheList() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");

        ApiClient.Answer renamed = api.patch("/v1/threads/trips", "{\"title\":\"Trips with Mum ✈\"}");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().getAsJsonObject("thread").get("title").getAsString()).isEqualTo("Trips with Mum ✈");
        JsonObject listed = api.get("/v1/users/alice/threads").json().getAsJsonArray("threads").get(0)
                .getAsJsonObject();
        assertThat(listed.get("title").getAsString()).isEqualTo("Trips with Mum ✈");
        assertThat(api.get("/v1/threads/trips").json().getAsJsonObject("thread").get("title").getAsString())
                .isEqualTo("Trips with Mum ✈");
    }

    @Test
    void aDeletedThreadIsGoneAndDeletingItAgainStillAnswers204() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");

        ApiClient.Answer deleted = api.delete("/v1/threads/trips");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.bytes()).isEmpty();
        assertThat(deleted.header("Content-Type")).isNull();
        ApiClient.Answer gone = api.get("/v1/threads/trips");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo("not_found");
        assertThat(api.get("/v1/threads/trips/events").status()).isEqualTo(404);
        assertThat(api.get("/v1/threads/trips/agent").status()).isEqualTo(404);
        assertThat(ids(api.get("/v1/users/alice/threads").json())).isEmpty();
        assertThat(api.delete("/v1/threads/trips").status()).isEqualTo(204);
        assertThat(api.patch("/v1/threads/trips", "{\"title\":\"Back\"}").status()).isEqualTo(404);
    }

    @Test
    void deletingAThreadTellsItsConnectionsAndClosesThemWith4410() {
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        WsRecorder client = server.connect("trips", "alice");
        long lastSeq = client.expect("ready").get("lastSeq").getAsLong();
        for (long seq = 1; seq <= lastSeq; seq++) {
            client.nextFrame();
        }

        assertThat(api.delete("/v1/threads/trips").status()).isEqualTo(204);

        JsonObject error = client.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(client.awaitClose()).isEqualTo(CloseCodes.THREAD_DELETED);
    }

    @Test
    void theOpenApiDocumentIsServedAsItIsInDocs() throws Exception {
        ApiClient.Answer answer = api.get("/v1/openapi.json");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bytes()).isEqualTo(Files.readAllBytes(OpenApiContract.path()));
    }

    static List<String> ids(JsonObject page) {
        List<String> ids = new ArrayList<>();
        JsonArray threads = page.getAsJsonArray("threads");
        threads.forEach(t -> ids.add(t.getAsJsonObject().get("threadId").getAsString()));
        return ids;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
