package dev.agentbuilder.chat.server.internal.transport;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.Executor;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.WebSocketServer;

/**
 * Makes every accepted connection a {@link ChatSocket} on a {@link CountingChannel}. Its one array is lent to every
 * channel for gathering writes, all made by the server's selector thread.
 *
 * <p>Confined to the selector thread, which accepts the connections and makes the writes.
 */
final class ChatSocketFactory implements WebSocketServerFactory {

    /** The most frames one gathering write takes. */
    private static final int GATHER = 64;

    private final WebSocketServer server;
    private final Executor closer;
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];

    ChatSocketFactory(WebSocketServer server, Executor closer) {
        this.server = server;
        this.closer = closer;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new ChatSocket(server, List.of(draft), closer);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new ChatSocket(server, drafts, closer);
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
        return new CountingChannel(channel, key, gather);
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
