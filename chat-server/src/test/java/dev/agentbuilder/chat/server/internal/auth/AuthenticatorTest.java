package dev.agentbuilder.chat.server.internal.auth;

import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.claims;
import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.sign;
import static dev.agentbuilder.chat.server.internal.auth.FakeIdentityProvider.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentbuilder.chat.server.ServerOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Authenticator on its own: which tokens it accepts, what they grant, and on which thread verdicts come. */
@Timeout(30)
class AuthenticatorTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static RSAKey rsa;
    private static ECKey ec;

    private final FakeIdentityProvider idp = FakeIdentityProvider.start();
    private Authenticator authenticator;

    @BeforeAll
    static void keys() {
        rsa = FakeIdentityProvider.rsaKey("rsa-1");
        ec = FakeIdentityProvider.ecKey("ec-1");
    }

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
        idp.close();
    }

    @Test
    void withoutASecretOrAnIdentityProviderAuthenticationIsOff() {
        assertThat(Authenticator.create(ServerOptions.Access.defaults())).isNull();
    }

    @Test
    void anHs256TokenIsCheckedAtOnceAndSpeaksForItsSubjectOnAllThreads() throws Exception {
        authenticator = Authenticator.create(ServerOptions.Access.defaults().withAuthSecret(SECRET));

        CompletableFuture<Verdict> verdict = authenticator.verify(hs256(claims("alice", 60).build()));

        assertThat(verdict).isDone();
        assertThat(verdict.join()).isEqualTo(new Verdict.Accepted(new Principal("alice", false, Optional.empty())));
    }

    @Test
    void aServiceRoleInRoleOrInRolesMakesAServiceTokenThatMayActForAnyUser() throws Exception {
        authenticator = Authenticator.create(ServerOptions.Access.defaults().withAuthSecret(SECRET));

        Principal byRole = accepted(hs256(claims("backend", 60).claim("role", "service").build()));
        Principal byRoles = accepted(hs256(claims("backend", 60).claim("roles", List.of("admin", "service")).build()));
        Principal admin = accepted(hs256(claims("carol", 60).claim("role", "admin").build()));

        assertThat(byRole.service()).isTrue();
        assertThat(byRole.mayActFor("alice")).isTrue();
        assertThat(byRoles.service()).isTrue();
        assertThat(admin.service()).isFalse();
        assertThat(admin.mayActFor("carol")).isTrue();
        assertThat(admin.mayActFor("alice")).isFalse();
    }

    @Test
    void theThreadsClaimLimitsTheThreadsATokenOpens() throws Exception {
        authenticator = Authenticator.create(ServerOptions.Access.defaults().withAuthSecret(SECRET));

        Principal limited = accepted(hs256(claims("alice", 60).claim("threads", List.of("t1", "t2")).build()));
        Verdict notAList = authenticator.verify(hs256(claims("alice", 60).claim("threads", "t1").build())).join();

        assertThat(limited.threads()).contains(Set.of("t1", "t2"));
        assertThat(limited.mayOpen("t1")).isTrue();
        assertThat(limited.mayOpen("t3")).isFalse();
        assertThat(new Verdict.Accepted(limited).refusalToOpen("alice", "t3")).contains("does not open thread t3");
        assertThat(new Verdict.Accepted(limited).refusalToOpen("bob", "t1")).contains("another user");
        assertThat(notAList).isEqualTo(new Verdict.Refused("The token's threads claim is not a list of thread ids."));
    }

    @Test
    void rs256AndEs256TokensWhoseKeysAreAtHandAreCheckedAtOnce() throws Exception {
        idp.publish(rsa, ec);
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));
        // The first may wait for the keys the authenticator fetches as it starts.
        assertThat(authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(Verdict.Accepted.class);

        CompletableFuture<Verdict> byRsa = authenticator.verify(token(rsa, "alice"));
        CompletableFuture<Verdict> byEc = authenticator.verify(token(ec, "bob"));

        assertThat(byRsa).isDone();
        assertThat(byEc).isDone();
        assertThat(byRsa.join()).isEqualTo(new Verdict.Accepted(Principal.user("alice")));
        assertThat(byEc.join()).isEqualTo(new Verdict.Accepted(Principal.user("bob")));
        assertThat(idp.fetches()).isEqualTo(1);
    }

    @Test
    void aTokenThatNeedsAFetchCompletesLaterOnTheAuthThreadWithoutBlockingTheCaller() throws Exception {
        idp.publish(rsa);
        idp.hold();
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));

        CompletableFuture<Verdict> verdict = authenticator.verify(token(rsa, "alice"));
        AtomicReference<String> completedOn = new AtomicReference<>();
        CompletableFuture<Verdict> observed = verdict.whenComplete((v, e) ->
                completedOn.set(Thread.currentThread().getName()));
        assertThat(verdict).isNotDone();
        idp.release();

        assertThat(observed.get(10, TimeUnit.SECONDS)).isEqualTo(new Verdict.Accepted(Principal.user("alice")));
        assertThat(completedOn.get()).isEqualTo("chat-auth");
    }

    @Test
    void whileAFetchHangsTokensWithKeysAtHandAreStillCheckedAtOnce() throws Exception {
        idp.publish(rsa);
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl()))
                .withAuthSecret(SECRET));
        authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS);
        idp.publish(rsa, ec);
        idp.hold();

        CompletableFuture<Verdict> newKey = authenticator.verify(token(ec, "bob"));
        CompletableFuture<Verdict> knownKey = authenticator.verify(token(rsa, "alice"));
        CompletableFuture<Verdict> ownToken = authenticator.verify(hs256(claims("carol", 60).build()));

        assertThat(knownKey).isDone();
        assertThat(ownToken).isDone();
        assertThat(knownKey.join()).isInstanceOf(Verdict.Accepted.class);
        assertThat(ownToken.join()).isInstanceOf(Verdict.Accepted.class);
        assertThat(newKey).isNotDone();
        idp.release();
        assertThat(newKey.get(10, TimeUnit.SECONDS)).isEqualTo(new Verdict.Accepted(Principal.user("bob")));
    }

    @Test
    void aProviderThatCannotBeReachedDoesNotStopTheStartAndItsTokensAreRefusedWithAClearReason() throws Exception {
        URI nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/jwks.json");
        }
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(nobodyListens)));

        Verdict verdict = authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS);

        assertThat(verdict).isEqualTo(new Verdict.Refused(ProviderTokens.KEYS_UNAVAILABLE));
    }

    @Test
    void aProviderThatAnswersGarbageIsRefusedWithAClearReason() throws Exception {
        idp.answerGarbage("<html>Sign in</html>");
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));

        Verdict html = authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS);
        idp.answerGarbage("{\"keys\": 42}");
        Verdict notKeys = authenticator.verify(token(ec, "alice")).get(10, TimeUnit.SECONDS);

        assertThat(html).isEqualTo(new Verdict.Refused(ProviderTokens.KEYS_UNAVAILABLE));
        assertThat(notKeys).isEqualTo(new Verdict.Refused(ProviderTokens.KEYS_UNAVAILABLE));
    }

    @Test
    void aKeyTheProviderDoesNotPublishIsRefusedAndFloodsOfThemFetchAtMostTwiceInTenSeconds() throws Exception {
        idp.publish(rsa);
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));
        authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS);
        RSAKey stranger = FakeIdentityProvider.rsaKey("stranger");

        for (int i = 0; i < 20; i++) {
            assertThat(authenticator.verify(token(stranger, "alice")).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Verdict.Refused(ProviderTokens.KEY_NOT_PUBLISHED));
        }

        // The start's fetch, one more for the unknown key, then the rate limit (a new window may open on a slow
        // machine: four at most).
        assertThat(idp.fetches()).isBetween(2, 4);
    }

    @Test
    void aSignatureThatDoesNotMatchTheKeyIsRefused() throws Exception {
        idp.publish(rsa);
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));
        authenticator.verify(token(rsa, "alice")).get(10, TimeUnit.SECONDS);
        RSAKey impostor = new RSAKey.Builder(FakeIdentityProvider.rsaKey("other")).keyID("rsa-1").build();

        Verdict verdict = authenticator.verify(token(impostor, "alice")).join();

        assertThat(verdict).isEqualTo(new Verdict.Refused("The token's signature is not valid."));
    }

    @Test
    void closingRefusesTheTokensStillWaitingForKeys() throws Exception {
        idp.publish(rsa);
        idp.hold();
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())));
        CompletableFuture<Verdict> waiting = authenticator.verify(token(rsa, "alice"));

        authenticator.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(new Verdict.Refused("The server is shutting down."));
    }

    @Test
    void aTokenOfAKindTheServerIsNotSetUpForIsRefusedNamingWhatIsAccepted() throws Exception {
        try (Authenticator secretOnly = Authenticator.create(ServerOptions.Access.defaults().withAuthSecret(SECRET));
                Authenticator providerOnly = Authenticator.create(
                        withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())))) {
            Verdict rsaToSecret = secretOnly.verify(token(rsa, "alice")).join();
            Verdict hsToProvider = providerOnly.verify(hs256(claims("alice", 60).build())).join();

            assertThat(rsaToSecret).isEqualTo(new Verdict.Refused(
                    "The token was refused: it must be an HS256 JWT signed with the server's secret."));
            assertThat(hsToProvider).isEqualTo(new Verdict.Refused(
                    "The token was refused: it must be an RS256 or ES256 JWT signed by the identity provider."));
        }
    }

    @Test
    void issuerAudienceAndUserClaimAreCheckedOnTheProvidersTokens() throws Exception {
        idp.publish(ec);
        authenticator = Authenticator.create(withProvider(ServerOptions.IdentityProvider.of(idp.jwksUrl())
                .withIssuer("https://idp.example").withAudience("chat").withUserClaim("uid")));
        JWTClaimsSet.Builder good = claims("ignored", 60).issuer("https://idp.example").audience("chat")
                .claim("uid", "alice");

        assertThat(verdict(sign(ec, good.build()))).isEqualTo(new Verdict.Accepted(Principal.user("alice")));
        assertThat(verdict(sign(ec, good.issuer("https://evil.example").build())))
                .isEqualTo(new Verdict.Refused("The token was not issued by this server's identity provider (iss)."));
        assertThat(verdict(sign(ec, good.issuer("https://idp.example").audience("other").build())))
                .isEqualTo(new Verdict.Refused("The token is not meant for this server (aud)."));
        assertThat(verdict(sign(ec, good.audience(List.of("other", "chat")).claim("uid", null).build())))
                .isEqualTo(new Verdict.Refused("The token has no uid claim naming the user."));
        assertThat(verdict(sign(ec, good.claim("uid", "al ice").build())))
                .isEqualTo(new Verdict.Refused("The token's uid claim is not a valid userId (1 to 128 characters of "
                        + "A-Z a-z 0-9 _ . : -)."));
        assertThat(verdict(sign(ec, good.claim("uid", "alice").expirationTime(new java.util.Date(0)).build())))
                .isEqualTo(new Verdict.Refused("The token has expired."));
    }

    private Verdict verdict(String token) throws Exception {
        return authenticator.verify(token).get(10, TimeUnit.SECONDS);
    }

    private Principal accepted(String token) throws Exception {
        Verdict verdict = verdict(token);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) verdict).principal();
    }

    private static ServerOptions.Access withProvider(ServerOptions.IdentityProvider provider) {
        return ServerOptions.Access.defaults().withIdentityProvider(provider);
    }

    private static String hs256(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
