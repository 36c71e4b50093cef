package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.agentbuilder.chat.common.Backoff;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scenario c, against the packaged server with an auth secret: a token that expired, and a fresh one. */
@Timeout(120)
class TokensIT {

    static final String SECRET = "a-secret-of-the-tokens-test-32-bytes-or-more";

    @TempDir
    static Path dataDir;

    private static ServerJar server;
    private final Recorder recorder = new Recorder();

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerJar.start(Map.of("CHAT_AUTH_SECRET", SECRET), "--port", "0", "--data-dir",
                dataDir.toString());
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    @Test
    void anExpiredTokenIsRefusedAndTheFreshOneTheSourceGivesNextConnects() throws Exception {
        String expired = token("alice", Instant.now().minus(10, ChronoUnit.MINUTES));
        String fresh = token("alice", Instant.now().plus(10, ChronoUnit.MINUTES));
        AtomicInteger asked = new AtomicInteger();
        try (ChatClient client = client("alice").tokens(() -> asked.getAndIncrement() == 0 ? expired : fresh)
                .build()) {
            client.connect();

            recorder.awaitStatus(CONNECTED);

            ConnectionStatus refused = recorder.statuses().get(1);
            assertThat(recorder.states()).containsExactly(CONNECTING, DISCONNECTED, CONNECTING, CONNECTED);
            assertThat(refused.closeCode()).isEqualTo(4401);
            assertThat(refused.retrying()).isTrue();
            assertThat(refused.reason()).startsWith("unauthorized (4401): unauthorized: ");
            assertThat(asked).hasValue(2);
            assertThat(recorder.statuses().toString()).doesNotContain(expired, fresh);
        }
    }

    @Test
    void aSourceThatGivesTheSameExpiredTokenAgainEndsInErrorAfterOneAttempt() throws Exception {
        String expired = token("bob", Instant.now().minus(10, ChronoUnit.MINUTES));
        AtomicInteger asked = new AtomicInteger();
        try (ChatClient client = client("bob").tokens(() -> {
            asked.incrementAndGet();
            return expired;
        }).build()) {
            client.connect();

            ConnectionStatus stopped = client.whenStopped().get(60, TimeUnit.SECONDS);

            assertThat(stopped.state()).isEqualTo(ERROR);
            assertThat(stopped.closeCode()).isEqualTo(4401);
            assertThat(stopped.reason()).startsWith("the server refused the connection: unauthorized (4401): "
                    + "unauthorized: ");
            assertThat(recorder.states()).containsExactly(CONNECTING, ERROR);
            assertThat(asked).hasValue(2);
        }
        assertThat(server.output()).doesNotContain(expired);
    }

    private ChatClientBuilder client(String userId) {
        return ChatClient.builder().url(server.url()).threadId("thread-of-" + userId).userId(userId)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).listener(recorder);
    }

    /** An HS256 token for {@code userId} that expires at {@code expires}, as the server's secret signs them. */
    static String token(String userId, Instant expires) throws JOSEException {
        Instant issued = expires.minus(20, ChronoUnit.MINUTES);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId).issueTime(Date.from(issued))
                .expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
