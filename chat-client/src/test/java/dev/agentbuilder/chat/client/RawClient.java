package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.fail;

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
 * The audit's own view of a thread: a plain WebSocket, not the client under test, that joins from seq 0 and reads the
 * stored events the server replays. The JDK calls its listener on its own threads; the queue is all they share.
 */
final class RawClient {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RawClient() {
    }

    /** Every stored event of the thread, as a join with lastSeq 0 replays them, up to ready's lastSeq. */
    static List<ServerFrame> replay(String serverUrl, String threadId, String userId) {
        BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(serverUrl + "/?threadId=" + threadId + "&userId=" + userId + "&lastSeq=0"),
                        new Recording(frames))
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
        try {
            long lastSeq = next(frames, ServerFrame.Ready.class).lastSeq();
            List<ServerFrame> stored = new ArrayList<>();
            long seq = 0;
            while (seq < lastSeq) {
                ServerFrame frame = next(frames, ServerFrame.class);
                if (frame instanceof ServerFrame.Message m) {
                    seq = m.seq();
                    stored.add(frame);
                } else if (frame instanceof ServerFrame.AgentUpdated u) {
                    seq = u.seq();
                    stored.add(frame);
                }
            }
            return stored;
        } finally {
            socket.abort();
        }
    }

    private static <T extends ServerFrame> T next(BlockingQueue<ServerFrame> frames, Class<T> type) {
        try {
            while (true) {
                ServerFrame frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (frame == null) {
                    fail("no " + type.getSimpleName() + " within " + TIMEOUT);
                }
                if (type.isInstance(frame)) {
                    return type.cast(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final class Recording implements WebSocket.Listener {

        private final BlockingQueue<ServerFrame> frames;
        private final StringBuilder partial = new StringBuilder();

        Recording(BlockingQueue<ServerFrame> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (ProtocolCodec.decodeServer(partial.toString()) instanceof Decoded.Ok<ServerFrame> ok) {
                    frames.add(ok.frame());
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
