package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A protocol client for tests, beside the CLI under test: it queues every frame it receives, and the test awaits
 * them by type. The JDK's WebSocket calls {@link Recorder} on its own threads; the queue is the only state it shares
 * with the test thread.
 */
final class WireClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WireClient(String url) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url), new Recorder())
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    /** Joins {@code threadId} as {@code userId} from seq 0 on the server at {@code serverUrl}. */
    static WireClient join(String serverUrl, String threadId, String userId) {
        return new WireClient(serverUrl + "/?threadId=" + threadId + "&userId=" + userId);
    }

    void send(ClientFrame frame) {
        socket.sendText(ProtocolCodec.encode(frame), true).join();
    }

    /** The next frame of {@code type}, skipping the others. */
    <T extends ServerFrame> T await(Class<T> type) {
        List<ServerFrame> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                ServerFrame frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    fail("no " + type.getSimpleName() + " within " + TIMEOUT + "; received " + skipped);
                }
                if (type.isInstance(frame)) {
                    return type.cast(frame);
                }
                skipped.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // dropped below anyway
        } finally {
            socket.abort();
        }
    }

    private final class Recorder implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (ProtocolCodec.decodeServer(partial.toString()) instanceof Decoded.Ok<ServerFrame> ok) {
                    frames.add(ok.frame());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
