package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code chat-cli status} against the packaged server's admin listener, after real traffic: its own scrape. */
@Timeout(120)
class StatusIT {

    @Test
    void statusShowsAServersReadinessAndTheFiguresItsTrafficMoved() throws Exception {
        // A grace period longer than the test: the thread stays held once the client has gone.
        try (ServerJar server = ServerJar.start("--store", "memory", "--offline-chunk-delay", "1ms",
                "--session-grace", "10m")) {
            Cli.Result sent = Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "u1",
                    "I want an agent that helps me plan trips");
            assertThat(sent.exitCode()).as(sent.err()).isZero();
            // No threadId: refused (4400) with an error frame first.
            try (WireClient refused = WireClient.join(server.url(), "", "u1")) {
                refused.await(ServerFrame.ErrorFrame.class);
            }

            // The turn is counted once it has ended, which may come just after its reply reached the client.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Cli.Result status = Cli.run("status", "--admin-url", server.adminUrl());
                assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.OK);
                assertThat(status.out())
                        .containsPattern("ready\\s+yes \\(ready\\)")
                        .containsPattern("active threads\\s+1\\R")
                        .containsPattern("messages received\\s+1\\R")
                        .containsPattern("turns\\s+1 completed, 0 cancelled, 0 failed")
                        .containsPattern("model errors\\s+0\\R")
                        .containsPattern("refused connections\\s+1\\R")
                        .containsPattern("slow consumers dropped\\s+0\\R");
            });
        }
    }
}
