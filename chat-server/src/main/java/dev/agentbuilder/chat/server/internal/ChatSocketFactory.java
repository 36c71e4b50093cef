package dev.agentbuilder.chat.server.internal;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.WebSocketServer;

/** Makes every accepted connection a {@link ChatSocket} on a {@link CountingChannel}. Stateless. */
final class ChatSocketFactory implements WebSocketServerFactory {

    private final WebSocketServer server;

    ChatSocketFactory(WebSocketServer server) {
        this.server = server;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new ChatSocket(server, List.of(draft));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new ChatSocket(server, drafts);
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
        return new CountingChannel(channel, key);
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
