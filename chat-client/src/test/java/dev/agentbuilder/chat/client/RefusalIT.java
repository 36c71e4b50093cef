package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals, against the packaged server: one that retrying cannot fix is not retried (scenario d), and a message
 * sent once the user's daily token budget is spent. One server for both, with a budget the offline builder's first
 * reply spends; each test is a user of its own.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalIT {

    /** Tokens per user and day: less than the offline builder's first reply uses. */
    private static final long TINY_BUDGET = 50;

    private ServerJar server;

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        server = ServerJar.start("--port", "0", "--data-dir", dataDir.toString(), "--offline-chunk-delay", "1ms",
                "--tokens-per-user-per-day", Long.toString(TINY_BUDGET));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aThreadAnotherUserCreatedStopsTheClientWithTheServersWordsAfterOneAttempt() throws Exception {
        Recorder owner = new Recorder();
        try (ChatClient created = client("owned", "owner", owner).build()) {
            created.connect();
            owner.awaitStatus(CONNECTED);
        }

        Recorder recorder = new Recorder();
        try (ChatClient intruder = client("owned", "intruder", recorder).build()) {
            intruder.connect();
            ConnectionStatus stopped = intruder.whenStopped().get(60, TimeUnit.SECONDS);

            assertThat(stopped.state()).isEqualTo(ERROR);
            assertThat(stopped.closeCode()).isEqualTo(4403);
            assertThat(stopped.reason()).isEqualTo("the server refused the connection: forbidden (4403): "
                    + "forbidden: This thread belongs to another user.");
            assertThat(stopped.retryIn()).isNull();
            assertThat(recorder.states()).containsExactly(CONNECTING, ERROR);
            assertThat(recorder.frames()).singleElement().isEqualTo(new ServerFrame.ErrorFrame("forbidden",
                    "This thread belongs to another user.", null));
            assertThat(recorder.await(Recorder.Stopped.class).status()).isEqualTo(stopped);
        }
    }

    @Test
    void aMessageSentOnceTheDaysTokensAreSpentIsRefusedWithTheQuotaAndNothingIsStored() throws Exception {
        Recorder recorder = new Recorder();
        long stored;
        try (ChatClient alice = client("budget", "budget-user", recorder).build()) {
            alice.connect();
            TokenQuota joined = recorder.await(Recorder.Quota.class).quota();
            Instant renewsAt = joined.renewsAt();
            assertThat(joined).isEqualTo(new TokenQuota(0, TINY_BUDGET, renewsAt));
            assertThat(renewsAt).as("the next midnight UTC").isAfter(Instant.now())
                    .isBeforeOrEqualTo(Instant.now().plus(Duration.ofDays(1)));
            assertThat(renewsAt.atOffset(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);

            alice.send("I want an agent that helps me plan trips");
            alice.whenSettled().get(60, TimeUnit.SECONDS);
            WireUsage usage = recorder.frames().stream().filter(f -> f instanceof ServerFrame.Message m
                    && "assistant".equals(m.message().role())).map(f -> ((ServerFrame.Message) f).message().usage())
                    .findFirst().orElseThrow();
            long used = (long) usage.inputTokens() + usage.outputTokens();
            assertThat(used).as("the first reply's tokens").isGreaterThan(TINY_BUDGET);
            assertThat(recorder.await(Recorder.Quota.class).quota()).isEqualTo(alice.quota())
                    .isEqualTo(new TokenQuota(used, TINY_BUDGET, renewsAt));

            stored = alice.lastSeq();
            String refused = alice.send("Call it Wanderlust");
            Recorder.Refused refusal = recorder.await(Recorder.Refused.class);
            assertThat(refusal.clientMessageId()).isEqualTo(refused);
            assertThat(refusal.code()).isEqualTo("quota_exceeded");
            assertThat(refusal.message()).isEqualTo("You have used your " + TINY_BUDGET + " tokens for today. Your "
                    + "budget renews at " + renewsAt + " (midnight UTC).");
            assertThat(alice.quota()).isEqualTo(new TokenQuota(used, TINY_BUDGET, renewsAt));
            assertThat(alice.quota().spent()).isTrue();
        }
        Recorder reader = new Recorder();
        try (ChatClient again = client("budget", "budget-user", reader).build()) {
            again.connect();
            assertThat(reader.await(Recorder.Ready.class).ready().lastSeq()).as("nothing stored since")
                    .isEqualTo(stored);
        }
    }

    private ChatClientBuilder client(String threadId, String userId, Recorder recorder) {
        return ChatClient.builder().url(server.url()).threadId(threadId).userId(userId)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).listener(recorder);
    }
}
