package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.server.internal.api.ApiServer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real chat server on 127.0.0.1 and a free port, with the offline model unless a test brings its own; with
 * {@link #withApi}, the HTTP API too, on a free port of its own, as the command starts it.
 */
final class TestServer implements AutoCloseable {

    final ChatServer server;
    /** Null unless started {@link #withApi}. */
    final ApiServer api;

    private TestServer(ChatServer server, ApiServer api) {
        this.server = server;
        this.api = api;
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
        return new TestServer(ChatServer.start(options.apply(base()), engine.apply(builder).build()), null);
    }

    private static ServerOptions base() {
        return ServerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withShutdownDrain(Duration.ofSeconds(5));
    }

    /**
     * The server and its HTTP API, both on 127.0.0.1 and free ports, the API sharing the server's token checks and
     * browser origins, as the command starts them.
     */
    static TestServer withApi(UnaryOperator<ChatEngine.Builder> engine, UnaryOperator<ServerOptions> options) {
        TestServer started = start(engine, options);
        ServerOptions used = options.apply(base());
        try {
            return new TestServer(started.server, ApiServer.start("127.0.0.1", 0,
                    started.server.engine().threads(), started.server.engine().knowledge(),
                    started.server.engine().knowledge().limits().fileBytes(), started.server.authenticator(),
                    used.access().allowedOrigins()));
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
    }

    /** The API's address of a path, like {@code /v1/threads/t1}. */
    String apiUrl(String path) {
        return "http://127.0.0.1:" + api.port() + path;
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

    /** As the command stops: the API first, then the server and its engine. */
    @Override
    public void close() {
        if (api != null) {
            api.stop();
        }
        server.stop();
    }
}
