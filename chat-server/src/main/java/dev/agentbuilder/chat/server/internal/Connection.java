package dev.agentbuilder.chat.server.internal;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.server.ServerOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection joined to one chat thread: it turns the thread's callbacks into frames. Sending only
 * queues bytes for the selector, so the chat-core threads that call the listener never wait on the network; in
 * exchange it watches how many bytes wait for this client, and drops a client that stops reading before its queue
 * can grow without bound.
 *
 * <p>{@link #member} is written once, by the Java-WebSocket worker that opened the connection, before any frame of
 * this connection is read; it is volatile because chat-core threads read it too. The buckets lock themselves; the
 * pending-bytes counter is atomic.
 */
final class Connection implements ThreadListener {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    final String id;
    final String userId;
    private final WebSocket socket;
    private final long maxPendingBytes;
    private final TokenBucket frames;
    private final TokenBucket messages;
    /** Bytes sent since the queue was last measured: measuring walks the queue, so it happens once per slice. */
    private final AtomicLong unmeasured = new AtomicLong();
    private volatile ThreadMember member;

    Connection(String id, String userId, WebSocket socket, ServerOptions.Limits limits) {
        this.id = id;
        this.userId = userId;
        this.socket = socket;
        this.maxPendingBytes = limits.maxPendingBytes();
        long now = System.nanoTime();
        this.frames = new TokenBucket(limits.framesPerSecond(), 2 * limits.framesPerSecond(), now);
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), now);
    }

    void joined(ThreadMember joined) {
        this.member = joined;
    }

    ThreadMember member() {
        return member;
    }

    /** Whether one more inbound frame of any kind fits the connection's frame rate. */
    boolean allowFrame() {
        return frames.tryTake(System.nanoTime());
    }

    /** Whether one more user message fits the connection's message rate. */
    boolean allowMessage() {
        return messages.tryTake(System.nanoTime());
    }

    /** Queues a frame; false when the connection is already closing or closed. */
    boolean send(ServerFrame frame) {
        if (!socket.isOpen()) {
            return false;
        }
        String json = ProtocolCodec.encode(frame);
        try {
            socket.send(json);
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
        if (unmeasured.addAndGet(json.length()) >= maxPendingBytes / 8) {
            unmeasured.set(0);
            dropIfNotReading();
        }
        return true;
    }

    private void dropIfNotReading() {
        if (!(socket instanceof WebSocketImpl impl)) {
            return;
        }
        long pending = 0;
        for (ByteBuffer buffer : impl.outQueue) {
            pending += buffer.remaining();
        }
        if (pending > maxPendingBytes) {
            log.info("closing connection {}: {} bytes wait for a client that does not read (limit {})", id, pending,
                    maxPendingBytes);
            // A close frame would wait behind the backlog the client is not reading: end the TCP connection now.
            impl.closeConnection(CloseCodes.POLICY_VIOLATION, "too much unread data: the client does not read");
            impl.outQueue.clear();
        }
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    void close(int code, String reason) {
        socket.close(code, reason);
    }

    @Override
    public void onReady(ThreadSnapshot snapshot) {
        send(FrameMapper.ready(snapshot, id));
    }

    @Override
    public void onEvent(ThreadEvent event) {
        send(FrameMapper.event(event));
    }

    @Override
    public void onSubmitResult(SubmitResult result) {
        send(FrameMapper.submitResult(result));
    }

    @Override
    public void onRefused(ErrorCode code, String message) {
        send(new ServerFrame.ErrorFrame(FrameMapper.code(code), message, null));
        close(FrameMapper.closeCode(code), message);
    }
}
