package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A chat server the test scripts frame by frame, on 127.0.0.1 and a free port: each connection the client opens is a
 * {@link Peer} the test takes in order with {@link #accept()}, then answers ({@link Peer#ready}, {@link Peer#send}),
 * reads ({@link Peer#next}) and ends ({@link Peer#close}, {@link Peer#drop}). Java-WebSocket's threads only put what
 * arrives in thread-safe queues; everything else runs on the test's thread.
 */
final class FakeServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final WireAgent EMPTY = new WireAgent("", "", "", List.of(), List.of(), 0);
    private static final Pattern LAST_SEQ = Pattern.compile("[?&]lastSeq=(\\d+)");

    private final BlockingQueue<Peer> unaccepted = new LinkedBlockingQueue<>();
    private final List<Peer> all = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Server server = new Server();
    private volatile Exception startFailure;

    static FakeServer start() {
        FakeServer fake = new FakeServer();
        fake.server.setReuseAddr(true);
        fake.server.start();
        try {
            assertThat(fake.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("started").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (fake.startFailure != null) {
            throw new AssertionError("the fake server did not start", fake.startFailure);
        }
        return fake;
    }

    String url() {
        return "ws://127.0.0.1:" + server.getPort();
    }

    /** The next connection the client opened, in order. */
    Peer accept() {
        return poll(unaccepted, "a connection");
    }

    /** Every connection so far. */
    List<Peer> connections() {
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

    /** One connection, as the server sees it. */
    static final class Peer {

        final String resource;
        /** The Authorization header of the handshake, or null. */
        final String authorization;
        private final WebSocket socket;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile int closeCode;

        private Peer(WebSocket socket, ClientHandshake handshake) {
            this.socket = socket;
            this.resource = handshake.getResourceDescriptor();
            this.authorization = handshake.hasFieldValue("Authorization") ? handshake.getFieldValue("Authorization")
                    : null;
        }

        /** The {@code lastSeq} the client resumes after. */
        long lastSeq() {
            Matcher m = LAST_SEQ.matcher(resource);
            assertThat(m.find()).as("lastSeq in %s", resource).isTrue();
            return Long.parseLong(m.group(1));
        }

        void ready(long lastSeq) {
            ready(lastSeq, "idle", false);
        }

        void ready(long lastSeq, String status, boolean reset) {
            send(new ServerFrame.Ready("t1", "u1", "c-" + System.nanoTime(), lastSeq, EMPTY, status, reset));
        }

        void send(ServerFrame frame) {
            send(ProtocolCodec.encode(frame));
        }

        void send(String text) {
            socket.send(text);
        }

        /** The stored user message {@code id} at {@code seq}, sent with {@code clientMessageId}. */
        void userMessage(long seq, String id, String clientMessageId) {
            send(new ServerFrame.Message(seq, new WireMessage(id, "user", "message " + id, "2026-01-01T00:00:00.000Z",
                    "u1", clientMessageId, null, null, null)));
        }

        /** The stored reply {@code id} at {@code seq} to the user message {@code replyTo}. */
        void reply(long seq, String id, String replyTo) {
            send(new ServerFrame.Message(seq, new WireMessage(id, "assistant", "reply to " + replyTo,
                    "2026-01-01T00:00:00.000Z", null, null, replyTo, null, null)));
        }

        void agentUpdated(long seq, long version) {
            send(new ServerFrame.AgentUpdated(seq, new WireAgent("v" + version, "", "", List.of(), List.of(),
                    version), "builder"));
        }

        void status(String state) {
            send(new ServerFrame.Status(state));
        }

        /** Lets a user connection join: its first frame is a ping, which this answers. */
        void pong() {
            next(ClientFrame.Ping.class);
            send(new ServerFrame.Pong());
        }

        /** The next frame the client sent. */
        ClientFrame next() {
            String text = poll(received, "a frame from the client on " + resource);
            Decoded<ClientFrame> decoded = ProtocolCodec.decodeClient(text);
            if (decoded instanceof Decoded.Ok<ClientFrame> ok) {
                return ok.frame();
            }
            throw new AssertionError("the client sent an invalid frame: " + text + ": " + decoded);
        }

        /** The next frame the client sent, which must be of {@code type}. */
        <T extends ClientFrame> T next(Class<T> type) {
            ClientFrame frame = next();
            assertThat(frame).isInstanceOf(type);
            return type.cast(frame);
        }

        /** Whether the client has sent nothing more so far. */
        boolean quiet() {
            return received.isEmpty();
        }

        /** Sends an error frame then closes, as the real server refuses. */
        void refuse(String code, String message, int closeCode) {
            send(new ServerFrame.ErrorFrame(code, message, null));
            close(closeCode, code);
        }

        void close(int code, String reason) {
            socket.close(code, reason);
        }

        /** Ends the connection as a server that fails does: a close frame with 1011 (a code the client retries). */
        void serverError() {
            close(1011, "the server failed");
        }

        /**
         * Ends the TCP connection without a close handshake. The JDK's WebSocket can miss such an end when it comes
         * between two frames (its transport has no demand then, and the end of stream is lost): only a client that
         * pings notices for sure. Tests that mean "the connection ended" use {@link #serverError()}.
         */
        void drop() {
            SelectionKey key = ((WebSocketImpl) socket).getSelectionKey();
            socket.closeConnection(1006, "dropped by the test");
            // A registered channel closed from another thread is closed for real only when its selector next wakes.
            if (key != null) {
                key.selector().wakeup();
            }
        }

        /** Waits until the connection is closed (by either side); returns the code the server saw. */
        int awaitClosed() {
            try {
                if (!closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("the connection " + resource + " was not closed within " + TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return closeCode;
        }
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                fail("no " + what + " within " + TIMEOUT);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private final class Server extends WebSocketServer {

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket socket, ClientHandshake handshake) {
            Peer peer = new Peer(socket, handshake);
            socket.setAttachment(peer);
            all.add(peer);
            unaccepted.add(peer);
        }

        @Override
        public void onMessage(WebSocket socket, String message) {
            Peer peer = socket.getAttachment();
            peer.received.add(message);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean remote) {
            Peer peer = socket.getAttachment();
            if (peer != null) {
                peer.closeCode = code;
                peer.closed.countDown();
            }
        }

        @Override
        public void onError(WebSocket socket, Exception error) {
            if (socket == null) {
                startFailure = error;
                started.countDown();
            }
        }
    }
}
