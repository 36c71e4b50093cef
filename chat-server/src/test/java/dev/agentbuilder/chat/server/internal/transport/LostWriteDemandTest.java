package dev.agentbuilder.chat.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Java-WebSocket can lose a connection's write demand (the selector resets the key to reading just after a frame was
 * queued); the frame must still leave, not wait for the next frame or ping.
 */
class LostWriteDemandTest {

    @Test
    void aFrameWhoseWriteDemandWasLostStillReachesTheClient() throws Exception {
        try (EndpointFixture server = new EndpointFixture()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/?threadId=t&userId=u"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                    received.add(data.toString());
                                    socket.request(1);
                                    return null;
                                }
                            })
                    .get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).contains("\"ready\"");
            ChatSocket socket = (ChatSocket) server.endpoint.getConnections().iterator().next();

            // The state the race leaves: a frame queued and counted, the key interested in reading only.
            socket.getSelectionKey().interestOps(SelectionKey.OP_READ);
            socket.enqueue("{\"type\":\"status\",\"state\":\"idle\"}");

            assertThat(received.poll(5, TimeUnit.SECONDS)).as("the stalled frame").contains("idle");
            // The client may read the frame before the selector thread has counted it written.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(socket.pendingBytes()).isZero());
            client.abort();
        }
    }
}
