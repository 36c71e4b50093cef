package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** With a secret set, only a valid token for the right user and thread gets into a thread; threads have owners. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(b -> b, o -> o.withAccess(o.access().withAuthSecret(SECRET)));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aValidTokenInTheQueryOpensTheThreadAndTheConversationWorks() throws Exception {
        WsRecorder client = WsRecorder.connect(server.url("tok-q", "alice") + "&token=" + token("alice", null, 60));

        assertThat(client.expect("ready").get("userId").getAsString()).isEqualTo("alice");
        client.sendUserMessage("Call it Wanderlust", "c1");
        client.expect("ack");
        JsonObject agent = client.awaitFrame("agent_updated").getAsJsonObject("agent");
        assertThat(agent.get("name").getAsString()).isEqualTo("Wanderlust");
        client.close();
    }

    @Test
    void aValidTokenInTheAuthorizationHeaderOpensTheThread() throws Exception {
        WsRecorder client = WsRecorder.connect(server.url("tok-h", "alice"),
                Map.of("Authorization", "Bearer " + token("alice", List.of("tok-h"), 60)));

        assertThat(client.expect("ready").get("threadId").getAsString()).isEqualTo("tok-h");
        client.close();
    }

    static Stream<Arguments> badTokens() throws JOSEException {
        return Stream.of(
                Arguments.of("no token", null, "token is required"),
                Arguments.of("an expired token", token("alice", null, -600), "expired"),
                Arguments.of("a token signed with another secret",
                        sign("another-secret-that-is-also-long-enough-ok", claims("alice", null, 60)),
                        "signature"),
                Arguments.of("a token for another user", token("mallory", null, 60), "another user"),
                Arguments.of("a token for other threads", token("alice", List.of("other-thread"), 60),
                        "does not open thread"),
                Arguments.of("an unsigned token (alg none)",
                        new PlainJWT(new PlainHeader(), claims("alice", null, 60)).serialize(), "HS256"),
                Arguments.of("a token without exp", sign(SECRET, new JWTClaimsSet.Builder().subject("alice").build()),
                        "exp"),
                Arguments.of("a token that is not a JWT", "not-a-jwt", "not a valid JWT"),
                Arguments.of("a token with a tampered payload", tampered(), "signature"));
    }

    @ParameterizedTest(name = "{0} is refused with unauthorized and 4401")
    @MethodSource("badTokens")
    void aConnectionWithoutAValidTokenGetsUnauthorizedAnd4401AndNoThreadData(String name, String token,
            String reason) {
        String url = server.url("guarded", "alice") + (token == null ? "" : "&token=" + encode(token));
        WsRecorder client = WsRecorder.connect(url);

        JsonObject error = client.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo("unauthorized");
        assertThat(error.get("message").getAsString()).contains(reason);
        assertThat(client.awaitClose()).isEqualTo(4401);
        client.assertExhausted();
    }

    @Test
    void anHs256ServiceTokenConnectsAsAnyUser() throws Exception {
        String service = sign(SECRET, new JWTClaimsSet.Builder(claims("backend", null, 60)).claim("role", "service")
                .build());

        for (String user : List.of("alice", "bob")) {
            WsRecorder client = WsRecorder.connect(server.url("svc-" + user, user) + "&token=" + service);
            assertThat(client.expect("ready").get("userId").getAsString()).isEqualTo(user);
            client.close();
        }
    }

    @Test
    void aUserConnectionNeedsATokenOfItsUserAndOneLimitedToSomeThreadsCannotList() throws Exception {
        String base = "ws://127.0.0.1:" + server.port() + "/?userId=alice";
        WsRecorder anonymous = WsRecorder.connect(base);
        assertThat(anonymous.expect("error").get("code").getAsString()).isEqualTo("unauthorized");
        assertThat(anonymous.awaitClose()).isEqualTo(4401);
        WsRecorder mallory = WsRecorder.connect(base + "&token=" + token("mallory", null, 60));
        assertThat(mallory.expect("error").get("message").getAsString()).contains("another user");
        assertThat(mallory.awaitClose()).isEqualTo(4401);

        WsRecorder alice = WsRecorder.connect(base + "&token=" + token("alice", null, 60));
        alice.send("{\"type\":\"list_threads\",\"watch\":false}");
        assertThat(alice.expect("threads").getAsJsonArray("threads")).isNotNull();
        alice.close();

        WsRecorder limited = WsRecorder.connect(base + "&token=" + token("alice", List.of("tok-h"), 60));
        limited.send("{\"type\":\"delete_thread\",\"threadId\":\"tok-h\",\"clientMessageId\":\"d1\"}");
        JsonObject refused = limited.expect("error");
        assertThat(refused.get("code").getAsString()).isEqualTo("forbidden");
        assertThat(refused.get("clientMessageId").getAsString()).isEqualTo("d1");
        limited.send("{\"type\":\"list_threads\"}");
        assertThat(limited.expect("error").get("code").getAsString()).isEqualTo("forbidden");
        limited.close();
    }

    @Test
    void aRefusedTokenWritesNothingToTheThread() throws Exception {
        WsRecorder owner = WsRecorder.connect(server.url("kept", "alice") + "&token=" + token("alice", null, 60));
        owner.expect("ready");
        owner.sendUserMessage("Call it Keeper", "c1");
        owner.awaitFrame("message");
        owner.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));
        long lastSeq = lastSeq("kept");

        WsRecorder intruder = WsRecorder.connect(server.url("kept", "alice") + "&token=" + encode(
                sign("another-secret-that-is-also-long-enough-ok", claims("alice", null, 60))));
        intruder.expect("error");
        assertThat(intruder.awaitClose()).isEqualTo(4401);

        assertThat(lastSeq("kept")).isEqualTo(lastSeq);
        owner.assertExhausted();
        owner.close();
    }

    @Test
    void anotherUserJoiningAThreadGetsForbiddenAnd4403WithAValidTokenOfTheirOwn() throws Exception {
        WsRecorder owner = WsRecorder.connect(server.url("owned", "alice") + "&token=" + token("alice", null, 60));
        owner.expect("ready");

        WsRecorder other = WsRecorder.connect(server.url("owned", "bob") + "&token=" + token("bob", null, 60));

        JsonObject error = other.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo("forbidden");
        assertThat(other.awaitClose()).isEqualTo(4403);
        owner.close();
    }

    @Test
    void threadsHaveOwnersWithoutTokensToo() {
        try (TestServer open = TestServer.start()) {
            WsRecorder owner = open.connect("mine", "alice");
            owner.expect("ready");
            owner.sendUserMessage("Call it Secretive", "c1");
            owner.awaitFrame("agent_updated");

            WsRecorder other = open.connect("mine", "bob");

            assertThat(other.expect("error").get("code").getAsString()).isEqualTo("forbidden");
            assertThat(other.awaitClose()).isEqualTo(4403);
            WsRecorder ownerAgain = open.connect("mine", "alice");
            assertThat(ownerAgain.expect("ready").getAsJsonObject("agent").get("name").getAsString())
                    .isEqualTo("Secretive");
            owner.close();
            ownerAgain.close();
        }
    }

    static Stream<Arguments> origins() {
        return Stream.of(
                Arguments.of("the reference web chat", "http://localhost:3002", true),
                Arguments.of("the web chat by address", "http://127.0.0.1:3002", true),
                Arguments.of("another port", "http://localhost:8080", false),
                Arguments.of("another site", "https://evil.example", false),
                Arguments.of("a sandboxed page", "null", false));
    }

    @ParameterizedTest(name = "a browser on {0} is let in: {2}")
    @MethodSource("origins")
    void browsersAreLetInOnlyFromAllowedOrigins(String name, String origin, boolean allowed) {
        try (TestServer open = TestServer.start()) {
            WsRecorder client = WsRecorder.connect(open.url("origins", "alice"), Map.of("Origin", origin));

            if (allowed) {
                client.expect("ready");
                client.close();
            } else {
                JsonObject error = client.expect("error");
                assertThat(error.get("code").getAsString()).isEqualTo("forbidden");
                assertThat(error.get("message").getAsString()).contains(origin);
                assertThat(client.awaitClose()).isEqualTo(4403);
                client.assertExhausted();
            }
        }
    }

    @Test
    void aStarAllowsEveryOrigin() {
        UnaryOperator<ServerOptions> anyOrigin = o -> o.withAccess(o.access().withAllowedOrigins(List.of("*")));
        try (TestServer open = TestServer.start(b -> b, anyOrigin)) {
            WsRecorder client = WsRecorder.connect(open.url("any", "alice"), Map.of("Origin", "https://x.example"));

            client.expect("ready");
            client.close();
        }
    }

    private long lastSeq(String threadId) throws JOSEException {
        WsRecorder probe = WsRecorder.connect(server.url(threadId, "alice") + "&token=" + token("alice", null, 60));
        long seq = probe.expect("ready").get("lastSeq").getAsLong();
        probe.close();
        return seq;
    }

    static String token(String user, List<String> threads, long secondsToLive) throws JOSEException {
        return sign(SECRET, claims(user, threads, secondsToLive));
    }

    static JWTClaimsSet claims(String user, List<String> threads, long secondsToLive) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(secondsToLive)));
        if (threads != null) {
            claims.claim("threads", threads);
        }
        return claims.build();
    }

    static String sign(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** A token for mallory whose payload was edited to say alice, keeping mallory's signature. */
    private static String tampered() throws JOSEException {
        String[] mallory = token("mallory", null, 60).split("\\.");
        String[] alice = sign("another-secret-that-is-also-long-enough-ok", claims("alice", null, 60)).split("\\.");
        return mallory[0] + "." + alice[1] + "." + mallory[2];
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
