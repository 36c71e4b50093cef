package dev.agentbuilder.chat.server;

import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.claims;
import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.sign;
import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With an identity provider, its RS256 and ES256 tokens open threads: its keys are fetched from a real JWKS endpoint
 * on loopback, cached, fetched again when they rotate (a bounded number of times, whatever the number of
 * connections), and an outage or a garbage answer refuses its tokens with 4401 while the server goes on serving.
 * Service tokens connect as any user.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityProviderTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final String ISSUER = "https://idp.test";
    private static final String AUDIENCE = "chat-server";

    private final RSAKey rsa = FakeIdentityProvider.rsaKey("rsa-1");
    private final ECKey ec = FakeIdentityProvider.ecKey("ec-1");
    private final RSAKey rotated = FakeIdentityProvider.rsaKey("rsa-2");
    /** The provider and server most tests share: issuer and audience checked, both keys published. */
    private FakeIdentityProvider steadyIdp;
    private TestServer steady;
    /** A test's own provider and server, for tests that change what the provider answers. */
    private FakeIdentityProvider idp;
    private TestServer server;

    @BeforeAll
    void startSteady() {
        steadyIdp = FakeIdentityProvider.start();
        steadyIdp.publish(rsa, ec);
        steady = TestServer.start(b -> b, o -> o.withAccess(o.access().withIdentityProvider(
                ServerOptions.IdentityProvider.of(steadyIdp.jwksUrl()).withIssuer(ISSUER).withAudience(AUDIENCE))));
    }

    @AfterAll
    void stopSteady() {
        steady.close();
        steadyIdp.close();
    }

    @AfterEach
    void stopOwn() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (idp != null) {
            idp.close();
            idp = null;
        }
    }

    @Test
    void rs256AndEs256TokensOfTheProviderOpenThreads() {
        opens(steady, "idp-rsa", "alice", valid(rsa, "alice"));
        opens(steady, "idp-ec", "bob", valid(ec, "bob"));
    }

    Stream<Arguments> badTokens() throws JOSEException {
        RSAKey unknown = FakeIdentityProvider.rsaKey("unknown");
        return Stream.of(
                Arguments.of("signed by a key the provider does not publish", valid(unknown, "alice"),
                        "does not publish"),
                Arguments.of("from another issuer",
                        sign(rsa, claims("alice", 60).issuer("https://evil.test").audience(AUDIENCE).build()),
                        "not issued by this server's identity provider"),
                Arguments.of("without an issuer", sign(rsa, claims("alice", 60).audience(AUDIENCE).build()),
                        "not issued by this server's identity provider"),
                Arguments.of("for another audience",
                        sign(rsa, claims("alice", 60).issuer(ISSUER).audience("another-api").build()),
                        "not meant for this server"),
                Arguments.of("expired", sign(ec, claims("alice", -600).issuer(ISSUER).audience(AUDIENCE).build()),
                        "expired"),
                Arguments.of("without the user claim",
                        sign(ec, claims(null, 60).issuer(ISSUER).audience(AUDIENCE).build()), "no sub claim"),
                Arguments.of("for another user", valid(rsa, "mallory"), "issued for another user"),
                Arguments.of("signed with the server's secret, which this server does not have",
                        AccessTest.token("alice", null, 60), "RS256 or ES256"));
    }

    @ParameterizedTest(name = "a token {0} is refused with unauthorized and 4401")
    @MethodSource("badTokens")
    void aBadTokenIsRefusedWithUnauthorizedAnd4401(String name, String token, String reason) {
        refused(steady, "idp-guarded", "alice", token, reason);
    }

    @Test
    void aServiceTokenConnectsAsAnyUserAndAUserTokenOnlyAsItsOwn() {
        String service = sign(rsa, claims("backend", 60).issuer(ISSUER).audience(AUDIENCE).claim("role", "service")
                .build());

        opens(steady, "svc-alice", "alice", service);
        opens(steady, "svc-bob", "bob", service);
        refused(steady, "svc-bob", "bob", valid(rsa, "alice"), "issued for another user");
    }

    @Test
    void aRotatedKeyIsFetchedOnceAndManyConnectionsCauseABoundedNumberOfFetches() {
        idp = FakeIdentityProvider.start();
        idp.publish(rsa);
        startOwn(UnaryOperator.identity());
        for (int i = 0; i < 10; i++) {
            opens(server, "rot-" + i, "alice", token(rsa, "alice"));
        }
        assertThat(idp.fetches()).as("fetches before the rotation").isEqualTo(1);

        idp.publish(rotated);
        for (int i = 0; i < 10; i++) {
            opens(server, "rot-new-" + i, "alice", token(rotated, "alice"));
        }
        assertThat(idp.fetches()).as("fetches after the rotation").isEqualTo(2);

        refused(server, "rot-old", "alice", token(rsa, "alice"), "does not publish");
        for (int i = 0; i < 20; i++) {
            refused(server, "rot-unknown", "alice", token(FakeIdentityProvider.ecKey("made-up-" + i), "alice"),
                    "does not publish");
        }
        // Two fetches per 10 s at most: a slow machine may see a second window open, never one per connection.
        assertThat(idp.fetches()).as("fetches after 21 tokens with unknown keys").isBetween(2, 4);
    }

    @Test
    void aProviderThatIsDownAtStartDoesNotStopTheServerAndItsTokensWorkOnceItIsUp() throws JOSEException {
        idp = FakeIdentityProvider.start();
        idp.down();
        startOwn(a -> a.withAuthSecret(SECRET));
        await().atMost(Duration.ofSeconds(10)).until(() -> idp.answered() >= 1);
        opens(server, "down-own", "alice", AccessTest.token("alice", null, 60));

        idp.publish(rsa);

        opens(server, "down-then-up", "alice", token(rsa, "alice"));
    }

    @Test
    void whenTheProviderGoesDownCachedKeysStillWorkAndTokensOfNewKeysAreRefused() {
        idp = FakeIdentityProvider.start();
        idp.publish(rsa);
        startOwn(UnaryOperator.identity());
        opens(server, "later-1", "alice", token(rsa, "alice"));

        idp.down();

        opens(server, "later-2", "alice", token(rsa, "alice"));
        refused(server, "later-3", "alice", token(rotated, "alice"), "keys could not be fetched");
    }

    @Test
    void aProviderThatAnswersGarbageRefusesItsTokensAndTheServerGoesOn() throws JOSEException {
        idp = FakeIdentityProvider.start();
        idp.answerGarbage("<html><body>Please sign in</body></html>");
        startOwn(a -> a.withAuthSecret(SECRET));

        refused(server, "garbage", "alice", token(rsa, "alice"), "keys could not be fetched");
        opens(server, "garbage-own", "alice", AccessTest.token("alice", null, 60));
    }

    @Test
    void aClientThatLeavesWhileItsKeysAreFetchedLeavesNothingBehind() {
        idp = FakeIdentityProvider.start();
        idp.publish(rsa);
        idp.hold();
        startOwn(UnaryOperator.identity(), l -> l.withMaxConnectionsPerUser(1));
        WsRecorder impatient = WsRecorder.connect(server.url("leaver", "alice") + "&token=" + token(rsa, "alice"));
        impatient.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server.connectionCount() == 0);

        idp.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> idp.answered() >= 1);
        idp.publish(rsa, rotated);

        // Checked on the authenticator's thread after the leaver's token (its key is not at hand): by then the
        // leaver's admission has run, and found the socket closed. Had it counted the leaver, alice would be over
        // her limit of one connection.
        opens(server, "leaver", "alice", token(rotated, "alice"));
    }

    private void startOwn(UnaryOperator<ServerOptions.Access> access) {
        startOwn(access, UnaryOperator.identity());
    }

    private void startOwn(UnaryOperator<ServerOptions.Access> access, UnaryOperator<ServerOptions.Limits> limits) {
        ServerOptions.IdentityProvider provider = ServerOptions.IdentityProvider.of(idp.jwksUrl());
        server = TestServer.start(b -> b, o -> o
                .withAccess(access.apply(o.access().withIdentityProvider(provider)))
                .withLimits(limits.apply(o.limits())));
    }

    /** A token of the steady provider: its issuer, its audience. */
    private static String valid(com.nimbusds.jose.jwk.JWK key, String user) {
        return sign(key, claims(user, 60).issuer(ISSUER).audience(List.of(AUDIENCE, "another-api")).build());
    }

    private static void opens(TestServer on, String threadId, String userId, String token) {
        WsRecorder client = WsRecorder.connect(on.url(threadId, userId) + "&token=" + token);
        JsonObject ready = client.expect("ready");
        assertThat(ready.get("userId").getAsString()).isEqualTo(userId);
        client.close();
    }

    private static void refused(TestServer on, String threadId, String userId, String token, String reason) {
        WsRecorder client = WsRecorder.connect(on.url(threadId, userId) + "&token=" + token);
        JsonObject error = client.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo("unauthorized");
        assertThat(error.get("message").getAsString()).contains(reason).doesNotContain(token);
        assertThat(client.awaitClose()).isEqualTo(4401);
        client.assertExhausted();
    }
}
