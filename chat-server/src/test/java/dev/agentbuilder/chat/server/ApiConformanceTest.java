package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/openapi.json against the real server: every response the document lists, of every operation, is produced here
 * for real (each checked against its schema by {@link ApiClient}), failures of the server's side included, by a
 * store whose listing fails. A response the document promises that the server never gives, or one it gives that the
 * document does not have, fails the build.
 */
@Timeout(120)
class ApiConformanceTest {

    private static final String FOREIGN = "http://evil.example";
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final List<String> PATHS = List.of("/v1/users/alice/threads", "/v1/threads/t1",
            "/v1/threads/t1/events", "/v1/threads/t1/agent", "/v1/openapi.json");

    private final List<ApiClient.Answer> answers = new ArrayList<>();

    @Test
    void everyDocumentedResponseOfEveryOperationIsOneTheServerGives() throws JOSEException {
        withoutAuthentication();
        withAuthentication();
        withAFailingStore();
        withKnowledgeFiles();

        Set<String> given = new TreeSet<>();
        answers.stream().map(ApiClient.Answer::documented).filter(d -> d != null).forEach(given::add);
        Set<String> neverGiven = new TreeSet<>(OpenApiContract.load().documentedResponses());
        neverGiven.removeAll(given);
        assertThat(neverGiven).as("documented responses this test never received").isEmpty();
    }

    private void withoutAuthentication() {
        try (TestServer server = TestServer.withApi(b -> b, o -> o)) {
            ApiClient api = new ApiClient(server);
            Conversations.converse(server, "t1", "alice", "I want an agent that helps me plan trips");
            Conversations.converse(server, "t2", "alice", "I want an agent that suggests recipes");
            record(api.get("/v1/users/alice/threads"));
            record(api.get("/v1/threads/t1"));
            record(api.get("/v1/threads/t1/events"));
            record(api.get("/v1/threads/t1/agent?format=markdown"));
            record(api.get("/v1/threads/t1/agent?format=openai"));
            record(api.get("/v1/threads/t1/agent"));
            record(api.patch("/v1/threads/t1", "{\"title\":\"Trips\"}"));
            record(api.get("/v1/openapi.json"));

            record(api.get("/v1/users/alice/threads?limit=0"));
            record(api.get("/v1/threads/bad%20id"));
            record(api.get("/v1/threads/t1/events?limit=0"));
            record(api.get("/v1/threads/t1/agent?format=pdf"));
            record(api.patch("/v1/threads/t1", "not json"));
            record(api.delete("/v1/threads/bad%20id"));
            record(api.patch("/v1/threads/t1", "{\"title\":\"" + "a".repeat(20_000) + "\"}"));

            record(api.get("/v1/threads/nope"));
            record(api.get("/v1/threads/nope/events"));
            record(api.get("/v1/threads/nope/agent"));
            record(api.patch("/v1/threads/nope", "{\"title\":\"x\"}"));

            for (String path : PATHS) {
                record(api.send("OPTIONS", path, BodyPublishers.noBody(), Map.of("Origin", "http://localhost:3002",
                        "Access-Control-Request-Method", "GET")));
                record(api.send("OPTIONS", path, BodyPublishers.noBody(), Map.of("Origin", FOREIGN,
                        "Access-Control-Request-Method", "GET")));
            }
            for (String path : PATHS) {
                record(api.send("GET", path, BodyPublishers.noBody(), Map.of("Origin", FOREIGN)));
            }
            record(api.send("PATCH", "/v1/threads/t1", BodyPublishers.ofString("{\"title\":\"x\"}"),
                    Map.of("Origin", FOREIGN)));
            record(api.send("DELETE", "/v1/threads/t1", BodyPublishers.noBody(), Map.of("Origin", FOREIGN)));

            record(api.delete("/v1/threads/t2"));
            record(api.send("POST", "/v1/threads/t1", BodyPublishers.noBody(), Map.of()));
            record(api.get("/v1/no/such/path"));
        }
    }

    private void withAuthentication() throws JOSEException {
        try (TestServer server = TestServer.withApi(b -> b, o -> o.withAccess(o.access().withAuthSecret(SECRET)))) {
            ApiClient anonymous = new ApiClient(server);
            ApiClient alice = anonymous.withToken(AccessTest.sign(SECRET, AccessTest.claims("alice", null, 60)));
            record(anonymous.get("/v1/users/alice/threads"));
            record(anonymous.get("/v1/threads/t1"));
            record(anonymous.get("/v1/threads/t1/events"));
            record(anonymous.get("/v1/threads/t1/agent"));
            record(anonymous.patch("/v1/threads/t1", "{\"title\":\"x\"}"));
            record(anonymous.delete("/v1/threads/t1"));
            record(alice.get("/v1/users/bob/threads"));
        }
    }

    private void withAFailingStore() {
        try (TestServer server = TestServer.withApi(b -> b.store(new FailingListingStore()), o -> o)) {
            ApiClient api = new ApiClient(server);
            for (String name : List.of(FailingListingStore.BUSY, FailingListingStore.BROKEN)) {
                int expected = name.equals(FailingListingStore.BUSY) ? 503 : 500;
                List<ApiClient.Answer> failed = List.of(
                        api.get("/v1/users/" + name + "/threads"),
                        api.get("/v1/threads/" + name),
                        api.get("/v1/threads/" + name + "/events"),
                        api.get("/v1/threads/" + name + "/agent"),
                        api.patch("/v1/threads/" + name, "{\"title\":\"x\"}"),
                        api.delete("/v1/threads/" + name));
                for (ApiClient.Answer answer : failed) {
                    record(answer);
                    assertThat(answer.status()).isEqualTo(expected);
                    assertThat(answer.errorCode()).isEqualTo("internal");
                    assertThat(answer.errorMessage()).doesNotContain("corrupt").doesNotContain("busy");
                }
            }
            assertThat(api.get("/v1/users/alice/threads").status()).as("still serving").isEqualTo(200);
        }
    }

    private void withKnowledgeFiles() {
        byte[] notes = "# Notes\n\nThe office opens at nine.\n".getBytes(StandardCharsets.UTF_8);
        try (TestServer server = TestServer.withApi(b -> Knowledgeable.engine(b).knowledgeLimits(1_000, 1, 10_000),
                o -> o)) {
            ApiClient api = new ApiClient(server);
            Conversations.converse(server, "t1", "alice", "I want an agent that helps me plan trips");
            ApiClient.Answer added = record(Multipart.file("notes.md", notes).upload(api, "t1"));
            assertThat(added.status()).isEqualTo(201);
            String fileId = added.json().getAsJsonObject("file").get("fileId").getAsString();
            record(api.get("/v1/threads/t1/files"));
            record(api.get("/v1/threads/t1/files/" + fileId + "/content"));

            record(Multipart.file("more.md", notes).upload(api, "t1"));
            record(Multipart.file("big.md", new byte[1_001]).upload(api, "t1"));
            record(Multipart.file("empty.md", new byte[0]).upload(api, "t2x"));
            record(api.send("POST", "/v1/threads/t1/files", BodyPublishers.ofString("{}"),
                    Map.of("Content-Type", "application/json")));
            record(Multipart.file("notes.md", notes).upload(api, "bad%20id"));
            record(Multipart.file("notes.md", notes).upload(api, "nope"));
            record(api.get("/v1/threads/bad%20id/files"));
            record(api.get("/v1/threads/nope/files"));
            record(api.get("/v1/threads/bad%20id/files/" + fileId + "/content"));
            record(api.get("/v1/threads/t1/files/f-nope/content"));
            record(api.delete("/v1/threads/bad%20id/files/" + fileId));
            record(api.delete("/v1/threads/t1/files/f-nope"));
            for (String path : List.of("/v1/threads/t1/files", "/v1/threads/t1/files/" + fileId,
                    "/v1/threads/t1/files/" + fileId + "/content")) {
                record(api.send("OPTIONS", path, BodyPublishers.noBody(), Map.of("Origin", "http://localhost:3002",
                        "Access-Control-Request-Method", "POST")));
                record(api.send("OPTIONS", path, BodyPublishers.noBody(), Map.of("Origin", FOREIGN,
                        "Access-Control-Request-Method", "POST")));
            }
            record(api.send("GET", "/v1/threads/t1/files", BodyPublishers.noBody(), Map.of("Origin", FOREIGN)));
            record(api.send("GET", "/v1/threads/t1/files/" + fileId + "/content", BodyPublishers.noBody(),
                    Map.of("Origin", FOREIGN)));
            record(api.send("POST", "/v1/threads/t1/files", BodyPublishers.noBody(), Map.of("Origin", FOREIGN)));
            record(api.send("DELETE", "/v1/threads/t1/files/" + fileId, BodyPublishers.noBody(),
                    Map.of("Origin", FOREIGN)));
            record(api.delete("/v1/threads/t1/files/" + fileId));
            // Empty: refused as unreadable.
            record(Multipart.file("empty.md", new byte[0]).upload(api, "t1"));
        }
        try (TestServer server = TestServer.withApi(Knowledgeable::engine,
                o -> o.withAccess(o.access().withAuthSecret(SECRET)))) {
            ApiClient anonymous = new ApiClient(server);
            record(Multipart.file("notes.md", notes).upload(anonymous, "t1"));
            record(anonymous.get("/v1/threads/t1/files"));
            record(anonymous.get("/v1/threads/t1/files/f-1/content"));
            record(anonymous.delete("/v1/threads/t1/files/f-1"));
        }
        try (TestServer server = TestServer.withApi(b -> Knowledgeable.engine(b).store(new FailingListingStore()),
                o -> o)) {
            ApiClient api = new ApiClient(server);
            for (String name : List.of(FailingListingStore.BUSY, FailingListingStore.BROKEN)) {
                int expected = name.equals(FailingListingStore.BUSY) ? 503 : 500;
                List<ApiClient.Answer> failed = List.of(
                        Multipart.file("notes.md", notes).upload(api, name),
                        api.get("/v1/threads/" + name + "/files"),
                        api.get("/v1/threads/" + name + "/files/f-1/content"),
                        api.delete("/v1/threads/" + name + "/files/f-1"));
                for (ApiClient.Answer answer : failed) {
                    record(answer);
                    assertThat(answer.status()).isEqualTo(expected);
                }
            }
        }
    }

    private ApiClient.Answer record(ApiClient.Answer answer) {
        answers.add(answer);
        return answer;
    }
}
