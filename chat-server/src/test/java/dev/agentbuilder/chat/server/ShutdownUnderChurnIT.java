package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while thousands of clients connect and leave, as in a rolling deploy under churn: the packaged server
 * stops with status 0 every time, and the next one, started at once on the same data directory, serves the same
 * threads.
 */
@Timeout(300)
class ShutdownUnderChurnIT {

    private static final int ROUNDS = 3;
    /** The first clients stay connected, then all leave at once just before SIGTERM. */
    private static final int HELD = 3_000;
    private static final int READY_BEFORE_SIGTERM = HELD + 500;
    private static final int IN_FLIGHT = 128;
    private static final int THREADS = 400;

    @TempDir
    Path dataDir;

    @Test
    void sigtermWhileClientsConnectAndLeaveExitsZeroAndTheNextServerServesTheSameThreads() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (ServerProcess server = start()) {
                int port = server.awaitPort();
                long keptSeq = keptThreadLastSeq(port);
                assertThat(keptSeq).as("round %d: the thread written in earlier rounds", round)
                        .isEqualTo(2L * (round - 1));
                writeToKeptThread(port, keptSeq, "round " + round);

                try (Churn churn = new Churn(port)) {
                    churn.awaitReady(READY_BEFORE_SIGTERM);
                    churn.dropHeld();
                    server.terminate();
                    assertThat(server.awaitExit()).as("round %d exit status; output:%n%s", round, server.output())
                            .isZero();
                }
                assertThat(server.output()).doesNotContain("Exception in thread").contains("stopped");
            }
        }
        try (ServerProcess server = start()) {
            int port = server.awaitPort();
            assertThat(keptThreadLastSeq(port)).isEqualTo(2L * ROUNDS);
            WsRecorder churned = WsRecorder.connect(url(port, "churn-7", "u7"));
            assertThat(churned.expect("ready").get("threadId").getAsString()).isEqualTo("churn-7");
            WsRecorder stranger = WsRecorder.connect(url(port, "churn-7", "someone-else"));
            assertThat(stranger.expect("error").get("code").getAsString())
                    .as("the churned thread kept its owner").isEqualTo("forbidden");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    private ServerProcess start() throws java.io.IOException {
        return ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(),
                "--max-connections", "5000", "--max-connections-per-user", "50", "--frames-per-second", "1000",
                "--shutdown-drain", "2s");
    }

    /** The kept thread's lastSeq, from the ready frame of a fresh connection. */
    private static long keptThreadLastSeq(int port) {
        WsRecorder client = WsRecorder.connect(url(port, "kept", "keeper"));
        long lastSeq = client.expect("ready").get("lastSeq").getAsLong();
        client.close();
        return lastSeq;
    }

    /** One user message and its complete reply: two more stored events in the kept thread. */
    private static void writeToKeptThread(int port, long lastSeq, String content) {
        WsRecorder client = WsRecorder.connect(url(port, "kept", "keeper") + "&lastSeq=" + lastSeq);
        client.expect("ready");
        client.sendUserMessage(content, content);
        List<JsonObject> frames = client.framesThrough(f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
        assertThat(frames).extracting(f -> f.get("type").getAsString()).contains("ack");
        client.close();
    }

    private static String url(int port, String threadId, String userId) {
        return "ws://127.0.0.1:" + port + "/?threadId=" + threadId + "&userId=" + userId;
    }

    /**
     * Clients that connect to one of {@link #THREADS} threads and wait for {@code ready}, with {@link #IN_FLIGHT}
     * connects under way, until closed. The first {@link #HELD} stay; the others leave at once. Failures are expected
     * once the server stops.
     */
    private static final class Churn implements AutoCloseable {
        private final HttpClient http = HttpClient.newHttpClient();
        private final int port;
        private final Semaphore slots = new Semaphore(IN_FLIGHT);
        private final AtomicInteger ready = new AtomicInteger();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Queue<WebSocket> held = new ConcurrentLinkedQueue<>();
        private final Thread driver;

        Churn(int port) {
            this.port = port;
            this.driver = new Thread(this::drive, "churn");
            driver.setDaemon(true);
            driver.start();
        }

        private void drive() {
            while (!stopped.get()) {
                try {
                    if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                int i = next.getAndIncrement() % THREADS;
                http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(url(port, "churn-" + i, "u" + i)), new LeaveOnReady())
                        .whenComplete((socket, failure) -> {
                            if (failure != null) {
                                slots.release();
                            }
                        });
            }
        }

        /** The held clients leave all at once, without a close handshake, as when their network goes away. */
        void dropHeld() {
            held.forEach(WebSocket::abort);
        }

        void awaitReady(int count) {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> ready.get() >= count);
        }

        @Override
        public void close() {
            stopped.set(true);
            try {
                driver.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Leaves as soon as {@code ready} arrives; any end of the connection frees its slot. */
        private final class LeaveOnReady implements WebSocket.Listener {
            private final AtomicBoolean released = new AtomicBoolean();

            private void release() {
                if (released.compareAndSet(false, true)) {
                    slots.release();
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                JsonObject frame = JsonParser.parseString(data.toString()).getAsJsonObject();
                if (frame.get("type").getAsString().equals("ready")) {
                    if (ready.incrementAndGet() <= HELD) {
                        held.add(socket);
                    } else {
                        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                    }
                    release();
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                release();
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                release();
            }
        }
    }
}
