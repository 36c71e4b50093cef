package dev.agentbuilder.chat.server.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

/**
 * The server as every {@link ChatSocket} calls it back: the server itself, except for the write demands of the
 * library's own writes, which go through the socket first ({@link ChatSocket#onLibraryWriteDemand}). The server's
 * {@code onWriteDemand} is final, so this is the one place they can be seen. Stateless; one per server.
 */
final class ChatSocketListener implements WebSocketListener {

    private final WebSocketServer server;

    ChatSocketListener(WebSocketServer server) {
        this.server = server;
    }

    @Override
    public void onWriteDemand(WebSocket conn) {
        if (conn instanceof ChatSocket socket) {
            socket.onLibraryWriteDemand();
        } else {
            server.onWriteDemand(conn);
        }
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
            ClientHandshake request) throws InvalidDataException {
        return server.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onWebsocketHandshakeReceivedAsClient(WebSocket conn, ClientHandshake request,
            ServerHandshake response) throws InvalidDataException {
        server.onWebsocketHandshakeReceivedAsClient(conn, request, response);
    }

    @Override
    public void onWebsocketHandshakeSentAsClient(WebSocket conn, ClientHandshake request)
            throws InvalidDataException {
        server.onWebsocketHandshakeSentAsClient(conn, request);
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, String message) {
        server.onWebsocketMessage(conn, message);
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {
        server.onWebsocketMessage(conn, blob);
    }

    @Override
    public void onWebsocketOpen(WebSocket conn, Handshakedata d) {
        server.onWebsocketOpen(conn, d);
    }

    @Override
    public void onWebsocketClose(WebSocket ws, int code, String reason, boolean remote) {
        server.onWebsocketClose(ws, code, reason, remote);
    }

    @Override
    public void onWebsocketClosing(WebSocket ws, int code, String reason, boolean remote) {
        server.onWebsocketClosing(ws, code, reason, remote);
    }

    @Override
    public void onWebsocketCloseInitiated(WebSocket ws, int code, String reason) {
        server.onWebsocketCloseInitiated(ws, code, reason);
    }

    @Override
    public void onWebsocketError(WebSocket conn, Exception ex) {
        server.onWebsocketError(conn, ex);
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        server.onWebsocketPing(conn, f);
    }

    @Override
    public PingFrame onPreparePing(WebSocket conn) {
        return server.onPreparePing(conn);
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        server.onWebsocketPong(conn, f);
    }

    @Override
    public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
        return server.getLocalSocketAddress(conn);
    }

    @Override
    public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
        return server.getRemoteSocketAddress(conn);
    }
}
