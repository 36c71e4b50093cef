package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the API refuses, and how: always the one JSON error shape, with a status and code that say what went wrong and
 * a message that says how to fix it; the server goes on serving. Also its CORS: browsers from the allowed origins
 * only. One server for the class: each test reads or refuses, and those that write use threads of their own.
 */
@Timeout(60)
class ApiBadInputTest {

    private static final String ALLOWED = "http://localhost:3002";
    private static final String FOREIGN = "http://evil.example";

    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.withApi(b -> b, o -> o);
        api = new ApiClient(server);
        Conversations.converse(server, "trips", "alice", "I want an agent that helps me plan trips");
        Conversations.converse(server, "recipes", "alice", "I want an agent that suggests recipes");
        Conversations.converse(server, "code", "bob", "I want an agent that reviews code");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUnknownThreadIsNotFound() {
        for (String path : List.of("/v1/threads/nope", "/v1/threads/nope/events", "/v1/threads/nope/agent")) {
            ApiClient.Answer answer = api.get(path);

            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("not_found");
            assertThat(answer.errorMessage()).contains("nope");
        }
        assertThat(api.patch("/v1/threads/nope", "{\"title\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void aMalformedThreadIdIsABadRequest() {
        ApiClient.Answer answer = api.get("/v1/threads/no%20spaces");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("invalid_request");
        assertThat(answer.errorMessage()).contains("threadId");
        assertThat(api.delete("/v1/threads/" + "x".repeat(129)).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @CsvSource({"0, limit", "101, limit", "10000, limit", "-1, limit", "two, limit", "1.5, limit"})
    void aListPageSizeOutOfRangeIsABadRequest(String limit, String named) {
        ApiClient.Answer answer = api.get("/v1/users/alice/threads?limit=" + limit);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("invalid_request");
        assertThat(answer.errorMessage()).contains(named).contains("1 to 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=10000", "after=-1", "after=x"})
    void anEventsPageOutOfRangeIsABadRequest(String query) {
        ApiClient.Answer answer = api.get("/v1/threads/trips/events?" + query);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void anUnknownExportFormatIsABadRequest() {
        ApiClient.Answer answer = api.get("/v1/threads/trips/agent?format=pdf");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("json, openai, markdown");
    }

    @Test
    void aParameterGivenTwiceIsABadRequest() {
        assertThat(api.get("/v1/users/alice/threads?limit=1&limit=2").status()).isEqualTo(400);
    }

    @Test
    void aMalformedCursorIsABadRequest() {
        for (String cursor : List.of("not-a-cursor", "%25%25", "djIKYWxpY2UKCjEyMwp0", "x".repeat(2000))) {
            ApiClient.Answer answer = api.get("/v1/users/alice/threads?limit=1&cursor=" + cursor);

            assertThat(answer.status()).as(cursor).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo("invalid_request");
            assertThat(answer.errorMessage()).contains("cursor");
        }
    }

    @Test
    void aCursorOfAnotherUsersListOrAnotherSearchIsABadRequest() {
        String alices = api.get("/v1/users/alice/threads?limit=1").json().get("nextCursor").getAsString();

        ApiClient.Answer bobs = api.get("/v1/users/bob/threads?limit=1&cursor=" + ThreadsApiTest.encode(alices));
        ApiClient.Answer searched = api.get("/v1/users/alice/threads?limit=1&q=trip&cursor="
                + ThreadsApiTest.encode(alices));

        assertThat(bobs.status()).isEqualTo(400);
        assertThat(bobs.errorMessage()).contains("another list");
        assertThat(searched.status()).isEqualTo(400);
    }

    @Test
    void aSearchTextTooLongIsABadRequest() {
        assertThat(api.get("/v1/users/alice/threads?q=" + "a".repeat(121)).status()).isEqualTo(400);
    }

    @Test
    void aTitleTooLongOrWithControlCharactersOrBlankIsRefusedAndNothingChanges() {
        String before = api.get("/v1/threads/trips").json().getAsJsonObject("thread").get("title").getAsString();

        ApiClient.Answer tooLong = api.patch("/v1/threads/trips", "{\"title\":\"" + "a".repeat(10_000) + "\"}");
        ApiClient.Answer control = api.patch("/v1/threads/trips", "{\"title\":\"two\\nlines\"}");
        ApiClient.Answer bell = api.patch("/v1/threads/trips", "{\"title\":\"ding\\u0007\"}");
        ApiClient.Answer blank = api.patch("/v1/threads/trips", "{\"title\":\"   \"}");

        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorMessage()).contains("120");
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.errorMessage()).contains("control characters");
        assertThat(bell.status()).isEqualTo(400);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(api.get("/v1/threads/trips").json().getAsJsonObject("thread").get("title").getAsString())
                .isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all | not valid JSON",
        "{\"title\": \"x\"} trailing | more after its JSON value",
        "[\"title\"] | must be a JSON object",
        "\"title\" | must be a JSON object",
        "{} | needs a string field \"title\"",
        "{\"title\": null} | needs a string field \"title\"",
        "{\"title\": 5} | title must be a string",
        "{\"title\": \"x\", \"name\": \"y\"} | unknown field \"name\"",
        "{\"title\": \"x\" | not valid JSON"})
    void aBodyThatIsNotJsonOrOfTheWrongShapeIsABadRequest(String body, String says) {
        ApiClient.Answer answer = api.patch("/v1/threads/trips", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("invalid_request");
        assertThat(answer.errorMessage()).contains(says);
    }

    @Test
    void aRenameWithoutABodyIsABadRequest() {
        ApiClient.Answer answer = api.send("PATCH", "/v1/threads/trips", BodyPublishers.noBody(), Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("JSON object");
    }

    @Test
    void aBodyThatIsNotUtf8IsABadRequest() {
        byte[] latin1 = "{\"title\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        ApiClient.Answer answer = api.send("PATCH", "/v1/threads/trips", BodyPublishers.ofByteArray(latin1),
                Map.of("Content-Type", "application/json"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("UTF-8");
    }

    @Test
    void aBodyOver16KibIsTooLargeWhetherItsLengthIsSaidOrNot() {
        String big = "{\"title\":\"" + "a".repeat(17 * 1024) + "\"}";

        ApiClient.Answer said = api.patch("/v1/threads/trips", big);
        ApiClient.Answer streamed = api.patchChunked("/v1/threads/trips", big.getBytes());

        assertThat(said.status()).isEqualTo(413);
        assertThat(said.errorCode()).isEqualTo("payload_too_large");
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.errorCode()).isEqualTo("payload_too_large");
        assertThat(api.get("/v1/threads/trips").status()).isEqualTo(200);
    }

    /**
     * The client is still sending when the server refuses: the 413 must reach it every time, not a connection reset
     * (which the server causes when it closes with the rest of the body unread).
     */
    @Test
    void aBodyTooLargeIsAnsweredEveryTimeAndTheNextRequestIsServed() {
        String big = "{\"title\":\"" + "a".repeat(200 * 1024) + "\"}";
        for (int i = 0; i < 20; i++) {
            assertThat(api.patch("/v1/threads/trips", big).status()).isEqualTo(413);
            assertThat(api.patchChunked("/v1/threads/trips", big.getBytes()).status()).isEqualTo(413);
            assertThat(api.get("/v1/threads/trips").status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownPathIsNotFoundInTheSameShape() {
        for (String path : List.of("/", "/v1", "/v2/threads/trips", "/v1/threads/trips/unknown", "/healthz")) {
            ApiClient.Answer answer = api.get(path);

            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.errorCode()).isEqualTo("not_found");
        }
    }

    @Test
    void aMethodAPathDoesNotTakeIsNotAllowedAndTheAnswerSaysWhichItTakes() {
        ApiClient.Answer post = api.send("POST", "/v1/threads/trips", BodyPublishers.ofString("{}"), Map.of());
        ApiClient.Answer put = api.send("PUT", "/v1/users/alice/threads", BodyPublishers.ofString("{}"), Map.of());
        ApiClient.Answer delete = api.delete("/v1/threads/trips/events");

        assertThat(post.status()).isEqualTo(405);
        assertThat(post.errorCode()).isEqualTo("method_not_allowed");
        assertThat(post.header("Allow")).contains("GET").contains("PATCH").contains("DELETE");
        assertThat(put.status()).isEqualTo(405);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).contains("GET");
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithWhatTheApiTakes() {
        ApiClient.Answer answer = api.send("OPTIONS", "/v1/threads/trips", BodyPublishers.noBody(), Map.of(
                "Origin", ALLOWED, "Access-Control-Request-Method", "DELETE",
                "Access-Control-Request-Headers", "authorization, content-type"));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(answer.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, PATCH, DELETE, OPTIONS");
        assertThat(answer.header("Access-Control-Allow-Headers")).isEqualTo("Authorization, Content-Type");
        assertThat(answer.header("Vary")).contains("Origin");
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() {
        ApiClient.Answer answer = api.send("OPTIONS", "/v1/threads/trips", BodyPublishers.noBody(), Map.of(
                "Origin", FOREIGN, "Access-Control-Request-Method", "DELETE"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("forbidden");
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
        assertThat(answer.header("Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void aRequestFromAnAllowedOriginMayReadTheAnswer() {
        ApiClient.Answer answer = api.send("GET", "/v1/users/alice/threads", BodyPublishers.noBody(),
                Map.of("Origin", ALLOWED));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    void aRequestFromAnotherOriginIsRefusedAndChangesNothing() {
        ApiClient.Answer read = api.send("GET", "/v1/users/alice/threads", BodyPublishers.noBody(),
                Map.of("Origin", FOREIGN));
        ApiClient.Answer delete = api.send("DELETE", "/v1/threads/recipes", BodyPublishers.noBody(),
                Map.of("Origin", FOREIGN));

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
        assertThat(delete.status()).isEqualTo(403);
        assertThat(api.get("/v1/threads/recipes").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /v1/threads/trips HTTP/1.1\\r\\nHost: x\\r\\nX-Big: {big}\\r\\n\\r\\n | 431",
        "GET /v1/threads/%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400",
        "NOT-HTTP\\r\\n\\r\\n | 400"})
    void aRequestRefusedBeforeAnyRouteIsAnsweredInTheSameShape(String request, int status) throws Exception {
        String raw = request.replace("\\r\\n", "\r\n").replace("{big}", "a".repeat(20_000));
        String answer;
        try (Socket socket = new Socket("127.0.0.1", server.api.port())) {
            socket.setSoTimeout((int) WsRecorder.TIMEOUT.toMillis());
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 " + status);
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(OpenApiContract.load().violations("GET", "/unknown", 404, "application/json", body))
                .as("the error shape: %s", body).isEmpty();
    }

    @Test
    void theServerKeepsServingAfterEveryRefusal() {
        aBodyThatIsNotJsonOrOfTheWrongShapeIsABadRequest("nope", "not valid JSON");
        anUnknownPathIsNotFoundInTheSameShape();

        assertThat(api.get("/v1/users/alice/threads").status()).isEqualTo(200);
    }
}
