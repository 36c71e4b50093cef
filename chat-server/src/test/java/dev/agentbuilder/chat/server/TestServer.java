package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real chat server on 127.0.0.1 and a free port, with the offline model unless a test brings its own. */
final class TestServer implements AutoCloseable {

    final ChatServer server;

    private TestServer(ChatServer server) {
        this.server = server;
    }

    static TestServer start() {
        return start(b -> b);
    }

    static TestServer start(UnaryOperator<ChatEngine.Builder> engine) {
        return start(engine, o -> o);
    }

    static TestServer start(UnaryOperator<ChatEngine.Builder> engine, UnaryOperator<ServerOptions> options) {
        ChatEngine.Builder builder = ChatEngine.builder()
                .model(OfflineBuilderModel.create())
                .sessionGrace(Duration.ZERO);
        ServerOptions base = ServerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withShutdownDrain(Duration.ofSeconds(5));
        return new TestServer(ChatServer.start(options.apply(base), engine.apply(builder).build()));
    }

    int port() {
        return server.port();
    }

    String url(String threadId, String userId) {
        return "ws://127.0.0.1:" + port() + "/?threadId=" + threadId + "&userId=" + userId;
    }

    String url(String threadId, String userId, long lastSeq) {
        return url(threadId, userId) + "&lastSeq=" + lastSeq;
    }

    WsRecorder connect(String threadId, String userId) {
        return WsRecorder.connect(url(threadId, userId));
    }

    @Override
    public void close() {
        server.stop();
    }
}
