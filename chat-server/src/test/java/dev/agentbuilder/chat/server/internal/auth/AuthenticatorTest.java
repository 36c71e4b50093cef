package dev.agentbuilder.chat.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentbuilder.chat.server.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Authenticator on its own: which tokens it accepts and what they grant. */
@Timeout(30)
class AuthenticatorTest {

    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";

    private Authenticator authenticator;

    @AfterEach
    void close() {
        if (authenticator != null) {
            authenticator.close();
        }
    }

    @Test
    void withoutASecretAuthenticationIsOff() {
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

    private Verdict verdict(String token) throws Exception {
        return authenticator.verify(token).get(10, TimeUnit.SECONDS);
    }

    private Principal accepted(String token) throws Exception {
        Verdict verdict = verdict(token);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        return ((Verdict.Accepted) verdict).principal();
    }

    private static String hs256(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String subject, long secondsToLive) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(secondsToLive)));
    }
}
