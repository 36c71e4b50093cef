package dev.agentbuilder.chat.server.internal;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.protocol.ProtocolCodec;
import dev.agentbuilder.chat.core.protocol.ServerFrame;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

/**
 * One WebSocket connection joined to one chat thread: it turns the thread's callbacks into frames. Sending only
 * queues bytes for the selector, so the chat-core threads that call the listener never wait on the network.
 *
 * <p>{@link #member} is written once, by the Java-WebSocket worker that opened the connection, before any frame of
 * this connection is read; it is volatile because chat-core threads read it too.
 */
final class Connection implements ThreadListener {

    final String id;
    private final WebSocket socket;
    private volatile ThreadMember member;

    Connection(String id, WebSocket socket) {
        this.id = id;
        this.socket = socket;
    }

    void joined(ThreadMember joined) {
        this.member = joined;
    }

    ThreadMember member() {
        return member;
    }

    /** Queues a frame; false when the connection is already closing or closed. */
    boolean send(ServerFrame frame) {
        if (!socket.isOpen()) {
            return false;
        }
        try {
            socket.send(ProtocolCodec.encode(frame));
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
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
