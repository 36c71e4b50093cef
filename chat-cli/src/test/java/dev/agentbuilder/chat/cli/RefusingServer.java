package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A stand-in for a server that checks tokens and refuses every connection the way the real one refuses a bad token:
 * an {@code error} frame, then a close with the given code. It records each opening handshake. On 127.0.0.1, a free
 * port. Handshakes are recorded on Java-WebSocket's threads into thread-safe collections; the rest is the test's.
 */
final class RefusingServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What a client sent to open a connection. */
    record Handshake(String resource, String authorization) {
    }

    private final BlockingQueue<Handshake> unseen = new LinkedBlockingQueue<>();
    private final List<Handshake> all = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    private final Server server;

    private RefusingServer(String errorCode, String message, int closeCode) {
        server = new Server(errorCode, message, closeCode);
    }

    /** Refuses with {@code {"type":"error","code":errorCode,"message":message}} and close {@code closeCode}. */
    static RefusingServer start(String errorCode, String message, int closeCode) {
        RefusingServer refusing = new RefusingServer(errorCode, message, closeCode);
        refusing.server.setReuseAddr(true);
        refusing.server.start();
        try {
            if (!refusing.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the refusing server did not start within " + TIMEOUT);
            }
            if (refusing.startFailure != null) {
                throw new AssertionError("the refusing server did not start", refusing.startFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return refusing;
    }

    String url() {
        return "ws://127.0.0.1:" + server.getPort();
    }

    /** The next handshake this method has not returned yet. */
    Handshake awaitHandshake() {
        try {
            Handshake handshake = unseen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (handshake == null) {
                fail("no connection within " + TIMEOUT);
            }
            return handshake;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every handshake so far, in order. */
    List<Handshake> handshakes() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        try {
            server.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {

        private final String errorFrame;
        private final int closeCode;
        private final String errorCode;

        Server(String errorCode, String message, int closeCode) {
            super(new InetSocketAddress("127.0.0.1", 0));
            this.errorFrame = "{\"type\":\"error\",\"code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}";
            this.errorCode = errorCode;
            this.closeCode = closeCode;
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket connection, ClientHandshake handshake) {
            Handshake seen = new Handshake(handshake.getResourceDescriptor(),
                    handshake.hasFieldValue("Authorization") ? handshake.getFieldValue("Authorization") : null);
            all.add(seen);
            unseen.add(seen);
            connection.send(errorFrame);
            connection.close(closeCode, errorCode);
        }

        @Override
        public void onClose(WebSocket connection, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket connection, String message) {
        }

        @Override
        public void onError(WebSocket connection, Exception error) {
            if (connection == null) {
                // Not about a connection: the server could not start.
                startFailure = error;
                started.countDown();
            }
        }
    }
}
