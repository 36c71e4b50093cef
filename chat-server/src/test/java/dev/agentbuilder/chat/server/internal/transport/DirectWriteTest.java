package dev.agentbuilder.chat.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.server.RawClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.java_websocket.framing.PingFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames a sending thread writes to the socket itself ({@link ChatSocket#sendNow}) and frames queued for the selector
 * (ours and the library's control frames) must reach the client whole and in the order they were sent, including
 * when the client stops reading and a direct write goes out only in part.
 */
class DirectWriteTest {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_PING = 0x9;

    private EndpointFixture server;

    @BeforeEach
    void start() {
        server = new EndpointFixture();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A client that reads only when told, with a small receive buffer, past its {@code ready}. */
    private RawClient clientPastReady() throws Exception {
        RawClient client = RawClient.upgrade(server.port(), "/?threadId=t&userId=u", 4096);
        assertThat(client.readFrame().text()).contains("\"ready\"");
        return client;
    }

    private ChatSocket onlySocket() {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.endpoint.getConnections().size() == 1);
        return (ChatSocket) server.endpoint.getConnections().iterator().next();
    }

    private static String payload(String tag, int size) {
        return "{\"tag\":\"" + tag + "\",\"pad\":\"" + "x".repeat(size) + "\"}";
    }

    @Test
    void theBytesCountedForAClientStartAfterTheHandshakesResponseAndIncludeReady() throws Exception {
        try (RawClient client = RawClient.upgrade(server.port(), "/?threadId=t&userId=u", 0)) {
            String ready = client.readFrame().text();
            assertThat(ready).contains("\"ready\"");
            ChatSocket socket = onlySocket();
            CountingChannel channel = (CountingChannel) socket.getChannel();
            long readyBytes = ChatSocket.frameBytes(ready.getBytes(StandardCharsets.UTF_8).length);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(channel.written()).isEqualTo(readyBytes);
                assertThat(socket.pendingBytes()).isZero();
            });
            String next = payload("after-ready", 10);
            assertThat(socket.sendText(next)).isTrue();
            assertThat(client.readFrame().text()).isEqualTo(next);
        }
    }

    @Test
    void aDirectWriteThatGoesOutInPartKeepsItsPlaceBeforeLaterFramesOfEitherKind() throws Exception {
        try (RawClient client = clientPastReady()) {
            ChatSocket socket = onlySocket();

            // The client does not read: direct writes succeed until the socket's buffers are full; the first one
            // that does not fit is left in part in the queue.
            List<String> sent = new ArrayList<>();
            while (!socket.hasBufferedData()) {
                String text = payload("now-" + sent.size(), 3000);
                assertThat(socket.sendNow(text)).isTrue();
                sent.add(text);
                assertThat(sent).as("frames sent before the buffers filled").hasSizeLessThan(100_000);
            }
            socket.sendFrame(new PingFrame());
            String queued = payload("queued", 10);
            assertThat(socket.sendText(queued)).isTrue();
            String now = payload("now-after", 10);
            assertThat(socket.sendNow(now)).isTrue();

            for (String text : sent) {
                RawClient.Frame frame = client.readFrame();
                assertThat(frame.opcode()).isEqualTo(OPCODE_TEXT);
                assertThat(frame.text()).isEqualTo(text);
            }
            assertThat(client.readFrame().opcode()).as("the library's ping, after what was sent before it")
                    .isEqualTo(OPCODE_PING);
            assertThat(client.readFrame().text()).isEqualTo(queued);
            assertThat(client.readFrame().text()).isEqualTo(now);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(socket.pendingBytes()).isZero());
        }
    }

    @Test
    void framesSentFromManyThreadsBothWaysArriveWholeAndInEachSendersOrder() throws Exception {
        int senders = 4;
        int perSender = 400;
        try (RawClient client = clientPastReady()) {
            ChatSocket socket = onlySocket();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perSender; i++) {
                        String text = payload(sender + ":" + i, 100 + (i * 37) % 2000);
                        assertThat(i % 2 == 0 ? socket.sendNow(text) : socket.sendText(text)).isTrue();
                        if (i % 50 == 0) {
                            socket.sendFrame(new PingFrame());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();

            int[] next = new int[senders];
            int texts = 0;
            while (texts < senders * perSender) {
                RawClient.Frame frame = client.readFrame();
                if (frame.opcode() == OPCODE_PING) {
                    continue;
                }
                assertThat(frame.opcode()).isEqualTo(OPCODE_TEXT);
                String tag = frame.text().substring("{\"tag\":\"".length(), frame.text().indexOf("\",\"pad\""));
                int sender = Integer.parseInt(tag.substring(0, tag.indexOf(':')));
                int index = Integer.parseInt(tag.substring(tag.indexOf(':') + 1));
                assertThat(index).as("sender %d's next frame", sender).isEqualTo(next[sender]);
                assertThat(frame.text()).isEqualTo(payload(tag, 100 + (index * 37) % 2000));
                next[sender]++;
                texts++;
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(socket.pendingBytes()).isZero());
        }
    }
}
