package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scenario d, against the packaged server: a refusal that retrying cannot fix is not retried. */
@Timeout(120)
class RefusalIT {

    @TempDir
    Path dataDir;

    @Test
    void aThreadAnotherUserCreatedStopsTheClientWithTheServersWordsAfterOneAttempt() throws Exception {
        try (ServerJar server = ServerJar.start("--port", "0", "--data-dir", dataDir.toString())) {
            Recorder owner = new Recorder();
            try (ChatClient created = client(server, "owner", owner).build()) {
                created.connect();
                owner.awaitStatus(CONNECTED);
            }

            Recorder recorder = new Recorder();
            try (ChatClient intruder = client(server, "intruder", recorder).build()) {
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
    }

    private static ChatClientBuilder client(ServerJar server, String userId, Recorder recorder) {
        return ChatClient.builder().url(server.url()).threadId("owned").userId(userId)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).listener(recorder);
    }
}
