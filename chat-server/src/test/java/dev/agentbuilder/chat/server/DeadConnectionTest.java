package dev.agentbuilder.chat.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeadConnectionTest {

    @Test
    void aClientThatStopsAnsweringPingsIsClosedAndItsThreadReleased() throws IOException {
        try (TestServer server = TestServer.start(b -> b,
                o -> o.withConnectionLostTimeout(Duration.ofSeconds(1)));
                RawClient silent = RawClient.upgrade(server.port(), "/?threadId=dead&userId=u1")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.engine().activeThreads() == 1);

            // The client never reads again and never answers a ping.
            await().atMost(Duration.ofSeconds(15)).until(() -> server.server.connectionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server.engine().activeThreads() == 0);
        }
    }
}
