package dev.agentbuilder.chat.examples;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.server.ChatServer;
import dev.agentbuilder.chat.server.ServerOptions;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The real chat server, in-process on 127.0.0.1 with a SQLite store (or another one), letting in browsers from one
 * origin (the web chat's). It can be stopped and started again on the same port and data directory, as a restart looks
 * to a page.
 *
 * <p>Used from the test thread only.
 */
final class ChatServerFixture implements AutoCloseable {

    /** Small, so that a test can reach it without typing 8,000 characters. */
    static final int MAX_MESSAGE_CHARS = 500;

    private final Path dataDir;
    private final String allowedOrigin;
    private final int maxMessageChars;
    private final StreamingChatModel model;
    private final Function<Path, ThreadStore> stores;
    private final long tokensPerUserPerDay;
    private ChatServer server;
    private int port;

    private ChatServerFixture(Path dataDir, String allowedOrigin, int maxMessageChars, StreamingChatModel model,
            Function<Path, ThreadStore> stores, long tokensPerUserPerDay) {
        this.dataDir = dataDir;
        this.allowedOrigin = allowedOrigin;
        this.maxMessageChars = maxMessageChars;
        this.model = model;
        this.stores = stores;
        this.tokensPerUserPerDay = tokensPerUserPerDay;
    }

    /** The store of the packaged server's default, in {@code dataDir}: what every start opens unless told otherwise. */
    static ThreadStore sqlite(Path dataDir) {
        return SqliteStore.open(dataDir);
    }

    /** The offline builder with the packaged server's pause between words, so that a page can be seen streaming. */
    static StreamingChatModel offlineModel() {
        return OfflineBuilderModel.withChunkDelay(Duration.ofMillis(20));
    }

    /** Starts on a free port, with messages of at most {@link #MAX_MESSAGE_CHARS}. */
    static ChatServerFixture start(Path dataDir, String allowedOrigin) {
        return start(dataDir, allowedOrigin, MAX_MESSAGE_CHARS);
    }

    /** Starts on a free port, with messages of at most {@code maxMessageChars}. */
    static ChatServerFixture start(Path dataDir, String allowedOrigin, int maxMessageChars) {
        return start(dataDir, allowedOrigin, maxMessageChars, offlineModel());
    }

    /** Starts on a free port, with messages of at most {@code maxMessageChars}, the builder played by {@code model}. */
    static ChatServerFixture start(Path dataDir, String allowedOrigin, int maxMessageChars, StreamingChatModel model) {
        return start(dataDir, allowedOrigin, maxMessageChars, model, ChatServerFixture::sqlite);
    }

    /** As above, keeping threads in the store {@code stores} opens in the data directory at every start. */
    static ChatServerFixture start(Path dataDir, String allowedOrigin, int maxMessageChars, StreamingChatModel model,
            Function<Path, ThreadStore> stores) {
        ChatServerFixture fixture = new ChatServerFixture(dataDir, allowedOrigin, maxMessageChars, model, stores, 0);
        fixture.startOn(0);
        return fixture;
    }

    /**
     * Starts on a free port with the offline builder and a SQLite store, each user's turns allowed
     * {@code tokensPerUserPerDay} tokens a day ({@code --tokens-per-user-per-day}).
     */
    static ChatServerFixture startWithTokenBudget(Path dataDir, String allowedOrigin, long tokensPerUserPerDay) {
        ChatServerFixture fixture = new ChatServerFixture(dataDir, allowedOrigin, MAX_MESSAGE_CHARS, offlineModel(),
                ChatServerFixture::sqlite, tokensPerUserPerDay);
        fixture.startOn(0);
        return fixture;
    }

    int port() {
        return port;
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port;
    }

    /** Graceful stop, as on SIGTERM: clients are closed with 1001 and the port is free when this returns. */
    void stop() {
        server.stop();
        server = null;
    }

    /** Starts again on the same port and data directory. */
    void restart() {
        startOn(port);
    }

    private void startOn(int requestedPort) {
        ChatEngine engine = ChatEngine.builder()
                .model(model)
                .store(stores.apply(dataDir))
                .sessionGrace(Duration.ZERO)
                .maxMessageChars(maxMessageChars)
                .tokensPerUserPerDay(tokensPerUserPerDay)
                .build();
        ServerOptions options = ServerOptions.defaults()
                .withHost("127.0.0.1")
                .withPort(requestedPort)
                .withShutdownDrain(Duration.ofSeconds(5))
                .withAccess(ServerOptions.Access.defaults().withAllowedOrigins(List.of(allowedOrigin)));
        server = ChatServer.start(options, engine);
        port = server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }
}
