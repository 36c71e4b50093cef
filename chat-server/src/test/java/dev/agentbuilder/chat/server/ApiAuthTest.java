package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API with authentication on: every request needs a token; a user's token reaches that user's threads only, and
 * another user's thread or list is answered exactly as one that does not exist; a service token acts for anyone; a
 * token limited to some threads reads those and nothing else. The tokens are the WebSocket's (HS256).
 */
@Timeout(60)
class ApiAuthTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final List<String> PATHS = List.of("/v1/users/alice/threads", "/v1/threads/a1",
            "/v1/threads/a1/events", "/v1/threads/a1/agent");

    private static TestServer server;
    private static ApiClient anonymous;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient service;

    @BeforeAll
    static void start() throws JOSEException {
        server = TestServer.withApi(b -> b, o -> o.withAccess(o.access().withAuthSecret(SECRET)));
        anonymous = new ApiClient(server);
        alice = anonymous.withToken(token("alice", null, null));
        bob = anonymous.withToken(token("bob", null, null));
        service = anonymous.withToken(token("backend", "service", null));
        converse("a1", "alice", "I want an agent that helps me plan trips");
        converse("a2", "alice", "I want an agent that suggests recipes");
        converse("b1", "bob", "I want an agent that reviews code");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRequestWithoutATokenIsUnauthorizedAndSaysHowToAuthenticate() {
        for (String path : PATHS) {
            ApiClient.Answer answer = anonymous.get(path);

            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.errorCode()).isEqualTo("unauthorized");
            assertThat(answer.errorMessage()).contains("Authorization: Bearer");
            assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"agent-chat\"");
        }
        assertThat(anonymous.delete("/v1/threads/a1").status()).isEqualTo(401);
        assertThat(anonymous.patch("/v1/threads/a1", "{\"title\":\"x\"}").status()).isEqualTo(401);
        assertThat(alice.get("/v1/threads/a1").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "expired", "other-secret", "no-exp"})
    void aBadTokenIsUnauthorizedAsAnInvalidToken(String kind) throws JOSEException {
        String token = switch (kind) {
            case "expired" -> AccessTest.sign(SECRET, AccessTest.claims("alice", null, -600));
            case "other-secret" -> AccessTest.sign("another-secret-that-is-also-long-enough-ok",
                    AccessTest.claims("alice", null, 60));
            case "no-exp" -> AccessTest.sign(SECRET, new JWTClaimsSet.Builder().subject("alice").build());
            default -> kind;
        };

        ApiClient.Answer answer = anonymous.withToken(token).get("/v1/users/alice/threads");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("unauthorized");
        assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void aTokenInAnotherSchemeIsNoToken() {
        ApiClient.Answer answer = anonymous.send("GET", "/v1/users/alice/threads", BodyPublishers.noBody(),
                Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0"));

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void aUserListsAndReadsTheirOwnThreads() {
        assertThat(ThreadsApiTest.ids(alice.get("/v1/users/alice/threads").json())).contains("a1", "a2")
                .doesNotContain("b1");
        for (String path : PATHS) {
            assertThat(alice.get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void anotherUsersListIsNotFound() {
        ApiClient.Answer answer = alice.get("/v1/users/bob/threads");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void anotherUsersThreadIsAnsweredExactlyAsAThreadThatDoesNotExist() throws JOSEException {
        converse("probe", "bob", "I want an agent that answers questions");
        ApiClient.Answer[] bobs = {alice.get("/v1/threads/probe"), alice.get("/v1/threads/probe/events"),
            alice.get("/v1/threads/probe/agent"), alice.patch("/v1/threads/probe", "{\"title\":\"Mine now\"}")};

        assertThat(service.delete("/v1/threads/probe").status()).isEqualTo(204);
        ApiClient.Answer[] none = {alice.get("/v1/threads/probe"), alice.get("/v1/threads/probe/events"),
            alice.get("/v1/threads/probe/agent"), alice.patch("/v1/threads/probe", "{\"title\":\"Mine now\"}")};

        for (int i = 0; i < bobs.length; i++) {
            assertThat(bobs[i].status()).isEqualTo(404);
            assertThat(bobs[i].body()).isEqualTo(none[i].body());
        }
    }

    @Test
    void aUserCannotRenameOrDeleteAnotherUsersThread() {
        converse("kept", "bob", "I want an agent that writes poems");
        String title = bob.get("/v1/threads/kept").json().getAsJsonObject("thread").get("title").getAsString();

        assertThat(alice.patch("/v1/threads/kept", "{\"title\":\"Taken\"}").status()).isEqualTo(404);
        assertThat(alice.delete("/v1/threads/kept").status()).isEqualTo(204);

        ApiClient.Answer still = bob.get("/v1/threads/kept");
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().getAsJsonObject("thread").get("title").getAsString()).isEqualTo(title);
    }

    @Test
    void aUserRenamesAndDeletesTheirOwnThread() {
        converse("mine", "alice", "I want an agent that plans meals");

        assertThat(alice.patch("/v1/threads/mine", "{\"title\":\"Meals\"}").status()).isEqualTo(200);
        assertThat(alice.delete("/v1/threads/mine").status()).isEqualTo(204);
        assertThat(alice.get("/v1/threads/mine").status()).isEqualTo(404);
    }

    @Test
    void aServiceTokenListsRenamesAndDeletesForAnyUser() {
        converse("svc", "bob", "I want an agent that tracks habits");

        assertThat(ThreadsApiTest.ids(service.get("/v1/users/alice/threads").json())).contains("a1", "a2");
        assertThat(ThreadsApiTest.ids(service.get("/v1/users/bob/threads").json())).contains("b1", "svc");
        assertThat(service.get("/v1/threads/svc/events").status()).isEqualTo(200);
        assertThat(service.patch("/v1/threads/svc", "{\"title\":\"Habits\"}").json().getAsJsonObject("thread")
                .get("title").getAsString()).isEqualTo("Habits");
        assertThat(bob.get("/v1/threads/svc").json().getAsJsonObject("thread").get("title").getAsString())
                .isEqualTo("Habits");
        assertThat(service.delete("/v1/threads/svc").status()).isEqualTo(204);
        assertThat(bob.get("/v1/threads/svc").status()).isEqualTo(404);
    }

    @Test
    void aTokenLimitedToSomeThreadsReadsThoseOnly() throws JOSEException {
        ApiClient limited = anonymous.withToken(token("alice", null, List.of("a1")));

        assertThat(limited.get("/v1/threads/a1").status()).isEqualTo(200);
        assertThat(limited.get("/v1/threads/a1/events").status()).isEqualTo(200);
        assertThat(limited.get("/v1/threads/a1/agent").status()).isEqualTo(200);
        ApiClient.Answer outside = limited.get("/v1/threads/a2");
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body()).isEqualTo(alice.get("/v1/threads/a2-not-there").body().replace("a2-not-there",
                "a2"));
    }

    @Test
    void aTokenLimitedToSomeThreadsCannotListRenameOrDelete() throws JOSEException {
        ApiClient limited = anonymous.withToken(token("alice", null, List.of("a1")));

        ApiClient.Answer list = limited.get("/v1/users/alice/threads");
        ApiClient.Answer rename = limited.patch("/v1/threads/a1", "{\"title\":\"x\"}");
        ApiClient.Answer delete = limited.delete("/v1/threads/a1");

        assertThat(list.status()).isEqualTo(403);
        assertThat(list.errorCode()).isEqualTo("forbidden");
        assertThat(rename.status()).isEqualTo(403);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(alice.get("/v1/threads/a1").status()).isEqualTo(200);
    }

    @Test
    void anIdentityProvidersTokensAreTheApisToo() {
        RSAKey key = FakeIdentityProvider.rsaKey("api-rsa");
        try (FakeIdentityProvider idp = FakeIdentityProvider.start()) {
            // Before the server starts: it fetches the keys at once.
            idp.publish(key);
            try (TestServer guarded = TestServer.withApi(b -> b, o -> o.withAccess(o.access().withIdentityProvider(
                    ServerOptions.IdentityProvider.of(idp.jwksUrl()))))) {
                tokensOfTheProviderWork(guarded, key);
            }
        }
    }

    private static void tokensOfTheProviderWork(TestServer guarded, RSAKey key) {
        ApiClient nobody = new ApiClient(guarded);
        ApiClient carol = nobody.withToken(FakeIdentityProvider.token(key, "carol"));
        ApiClient backend = nobody.withToken(FakeIdentityProvider.sign(key,
                FakeIdentityProvider.claims("backend", 60).claim("role", "service").build()));

        assertThat(guarded.api.authenticated()).isTrue();
        assertThat(nobody.get("/v1/users/carol/threads").status()).isEqualTo(401);
        assertThat(carol.get("/v1/users/carol/threads").status()).isEqualTo(200);
        assertThat(carol.get("/v1/users/dave/threads").status()).isEqualTo(404);
        assertThat(backend.get("/v1/users/dave/threads").status()).isEqualTo(200);
    }

    @Test
    void theDocumentAndPreflightsNeedNoToken() {
        assertThat(anonymous.get("/v1/openapi.json").status()).isEqualTo(200);
        assertThat(anonymous.send("OPTIONS", "/v1/threads/a1", BodyPublishers.noBody(), Map.of(
                "Origin", "http://localhost:3002", "Access-Control-Request-Method", "DELETE")).status())
                .isEqualTo(204);
    }

    /** One conversation over the WebSocket, with the user's own token. */
    private static void converse(String threadId, String userId, String text) {
        try {
            Conversations.converse(server, threadId, userId, text, token(userId, null, null));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    static String token(String user, String role, List<String> threads) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(AccessTest.claims(user, threads, 60));
        if (role != null) {
            claims.claim("role", role);
        }
        return AccessTest.sign(SECRET, claims.build());
    }
}
