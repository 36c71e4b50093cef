package dev.agentbuilder.chat.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * What the client tests against the scripted {@link FakeServer} share: a fresh server per test, a {@link Recorder} of
 * what the client reports, and the client under test (built by each test), closed with the server after it.
 */
@Timeout(30)
abstract class AgainstAFakeServer {

    final FakeServer server = FakeServer.start();
    final Recorder recorder = new Recorder();
    ChatClient client;

    @AfterEach
    void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }
}
