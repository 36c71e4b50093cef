package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCommandTest {

    static final String SECRET = "a-development-secret-of-32-bytes+";

    @Test
    void tokenPrintsAnHs256JwtThatVerifiesWithTheSecret() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Cli.Result result = Cli.run("token", "--user", "alice", "--thread", "t1", "--thread", "t:2", "--ttl", "30m",
                "--auth-secret", SECRET);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.outLines()).hasSize(1);
        SignedJWT jwt = SignedJWT.parse(result.outLines().get(0));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaim("threads")).containsExactly("t1", "t:2");
        assertThat(claims.getIssueTime().toInstant()).isBetween(before, Instant.now());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void withoutThreadsTheTokenOpensEveryThreadForAnHourByDefault() throws Exception {
        Cli.Result result = Cli.run("token", "--user", "bob", "--auth-secret", SECRET);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JWTClaimsSet claims = SignedJWT.parse(result.out().strip()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(claims.getClaims()).doesNotContainKey("threads");
        assertThat(claims.getExpirationTime().toInstant().getEpochSecond())
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), within(5L));
    }

    @Test
    void serviceMintsATokenWithTheServiceRoleForTheServiceOrTheGivenUser() throws Exception {
        Cli.Result alone = Cli.run("token", "--service", "--auth-secret", SECRET);
        Cli.Result named = Cli.run("token", "--service", "--user", "billing", "--auth-secret", SECRET);

        assertThat(alone.exitCode()).as(alone.err()).isZero();
        SignedJWT jwt = SignedJWT.parse(alone.out().strip());
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("role")).isEqualTo("service");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("service");
        assertThat(named.exitCode()).as(named.err()).isZero();
        JWTClaimsSet claims = SignedJWT.parse(named.out().strip()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("billing");
        assertThat(claims.getStringClaim("role")).isEqualTo("service");
    }

    @Test
    void aUsersTokenHasNoRole() throws Exception {
        Cli.Result result = Cli.run("token", "--user", "alice", "--auth-secret", SECRET);

        assertThat(SignedJWT.parse(result.out().strip()).getJWTClaimsSet().getClaims()).doesNotContainKey("role");
    }

    @Test
    void theSecretIsMeasuredInUtf8Bytes() throws Exception {
        String sixteenCharacters = "é".repeat(16);

        Cli.Result result = Cli.run("token", "--user", "alice", "--auth-secret", sixteenCharacters);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(SignedJWT.parse(result.out().strip())
                .verify(new MACVerifier(sixteenCharacters.getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @Test
    void missingSecretIsAUsageErrorNamingTheOptionAndTheVariable() {
        assumeTrue(System.getenv("CHAT_AUTH_SECRET") == null, "CHAT_AUTH_SECRET is set in this environment");

        Cli.Result result = Cli.run("token", "--user", "alice");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines().get(0))
                .isEqualTo("Missing required option: '--auth-secret=SECRET' (or set CHAT_AUTH_SECRET)");
    }

    @Test
    void shortSecretIsAUsageErrorNamingTheRuleButNotTheSecret() {
        String thirtyOneBytes = "s3cr3t-".repeat(4) + "abc";

        Cli.Result result = Cli.run("token", "--user", "alice", "--auth-secret", thirtyOneBytes);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines().get(0)).isEqualTo("Invalid value for option '--auth-secret': must be at least"
                + " 32 bytes in UTF-8 (HS256 needs a 256-bit key)");
        assertThat(result.err()).doesNotContain(thirtyOneBytes).doesNotContain("s3cr3t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0", "-5m", "500ms"})
    void badTtlIsAUsageError(String ttl) {
        Cli.Result result = Cli.run("token", "--user", "alice", "--ttl", ttl, "--auth-secret", SECRET);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--ttl").doesNotContain(SECRET);
    }

    @Test
    void idsOutsideTheIdRuleAreUsageErrors() {
        Cli.Result badThread = Cli.run("token", "--user", "alice", "--thread", "t 1", "--auth-secret", SECRET);
        Cli.Result badUser = Cli.run("token", "--user", "al/ice", "--auth-secret", SECRET);

        assertThat(badThread.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badThread.err()).contains("--thread", "'t 1'", "1 to 128 characters").doesNotContain(SECRET);
        assertThat(badUser.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUser.err()).contains("--user").doesNotContain(SECRET);
    }

    @Test
    void helpNamesTheOptionsAndTheVariable() {
        Cli.Result result = Cli.run("token", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--user", "--thread", "--ttl", "--service", "--auth-secret",
                "CHAT_AUTH_SECRET");
    }
}
