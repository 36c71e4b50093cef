package dev.agentbuilder.chat.cli;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.server.ChatServer;
import dev.agentbuilder.chat.server.ServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real chat server on 127.0.0.1, with the offline model unless a test brings its own. Restart one on the same port
 * with the same data by passing its {@link #store} and {@link #port()} to
 * {@link #start(ThreadStore, int, UnaryOperator)}.
 */
final class TestServer implements AutoCloseable {

    final ChatServer server;
    final ThreadStore store;

    private TestServer(ChatServer server, ThreadStore store) {
        this.server = server;
        this.store = store;
    }

    static TestServer start() {
        return start(b -> b);
    }

    static TestServer start(UnaryOperator<ChatEngine.Builder> engine) {
        return start(ThreadStores.inMemory(), 0, engine);
    }

    static TestServer start(ThreadStore store, int port, UnaryOperator<ChatEngine.Builder> engine) {
        return start(store, port, engine, options -> options);
    }

    static TestServer start(ThreadStore store, int port, UnaryOperator<ChatEngine.Builder> engine,
            UnaryOperator<ServerOptions> serverOptions) {
        ChatEngine.Builder builder = ChatEngine.builder()
                .model(OfflineBuilderModel.create())
                .sessionGrace(Duration.ZERO)
                .store(store);
        ServerOptions options = ServerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(port)
                .withShutdownDrain(Duration.ofMillis(500));
        return new TestServer(ChatServer.start(serverOptions.apply(options), engine.apply(builder).build()), store);
    }

    int port() {
        return server.port();
    }

    String url() {
        return "ws://127.0.0.1:" + port();
    }

    /** The thread's stored messages, in order, read from the store itself. */
    List<ThreadMessage> messages(String threadId) {
        List<StoredEvent> events = StoreKit.allEvents(store, threadId, 0);
        return events.stream()
                .filter(e -> e instanceof ThreadEvent.MessageAdded)
                .map(e -> ((ThreadEvent.MessageAdded) e).message())
                .toList();
    }

    @Override
    public void close() {
        server.stop();
    }
}
