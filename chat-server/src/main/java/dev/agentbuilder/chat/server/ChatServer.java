package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.auth.Authenticator;
import dev.agentbuilder.chat.server.internal.ops.ServerMeters;
import dev.agentbuilder.chat.server.internal.transport.WsEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server: protocol v1 (docs/protocol.md) over WebSocket, in front of a {@link ChatEngine}. The server owns
 * the engine: {@link #stop()} shuts it down too.
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder().model(OfflineBuilderModel.create()).build();
 * ChatServer server = ChatServer.start(ServerOptions.defaults().withPort(0), engine);
 * int port = server.port();
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Thread-safe: any thread may stop it; the first caller does the stopping and later callers wait for it.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    /** How long clients get to answer the close frame before their connections are dropped. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final WsEndpoint endpoint;
    private final ChatEngine engine;
    private final ServerOptions options;
    /** Null when connections need no token. */
    private final Authenticator authenticator;

    private ChatServer(WsEndpoint endpoint, ChatEngine engine, ServerOptions options, Authenticator authenticator) {
        this.endpoint = endpoint;
        this.engine = engine;
        this.options = options;
        this.authenticator = authenticator;
    }

    /**
     * Binds and starts serving; returns once the server listens.
     *
     * @throws ChatException when the address cannot be bound (the message names it)
     */
    public static ChatServer start(ServerOptions options, ChatEngine engine) {
        return start(options, engine, new SimpleMeterRegistry());
    }

    /**
     * {@link #start(ServerOptions, ChatEngine)}, with the server's meters (connections, refusals, messages received,
     * frames sent, slow consumers, threads held) registered in {@code meters}.
     */
    public static ChatServer start(ServerOptions options, ChatEngine engine, MeterRegistry meters) {
        ServerMeters serverMeters = new ServerMeters(meters);
        Authenticator authenticator = Authenticator.create(options.access());
        WsEndpoint endpoint = new WsEndpoint(options, engine, serverMeters, authenticator);
        serverMeters.gauges(() -> endpoint.getConnections().size(), engine::activeThreads);
        try {
            endpoint.startAndAwait();
        } catch (ChatException e) {
            engine.shutdown(Duration.ZERO);
            if (authenticator != null) {
                authenticator.close();
            }
            throw e;
        }
        return new ChatServer(endpoint, engine, options, authenticator);
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return endpoint.getPort();
    }

    /** Open WebSocket connections now. */
    public int connectionCount() {
        return endpoint.getConnections().size();
    }

    /** The engine behind this server. */
    public ChatEngine engine() {
        return engine;
    }

    /**
     * The server's token checks, for the HTTP API to share (one key cache, one fetcher); null when authentication is
     * off. The server closes it when it stops. Package-private: not part of the embedding API.
     */
    Authenticator authenticator() {
        return authenticator;
    }

    /**
     * Stops gracefully: refuses new connections, lets running turns finish (up to the options' drain time, then
     * stops them), closes every connection with 1001 and shuts the engine down. Blocks until done, for at most the
     * drain time plus a few seconds; never throws (failures are logged). Idempotent: a second call waits for the first.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        try {
            endpoint.beginDrain();
            // Said once the drain has begun: whoever reads this line may count on new connections being refused.
            log.info("draining: new connections are refused; running turns may take up to {} ms to finish, then "
                    + "connections close", options.shutdownDrain().toMillis());
            try {
                engine.shutdown(options.shutdownDrain());
            } catch (RuntimeException e) {
                log.error("the chat engine did not shut down cleanly; closing the connections anyway", e);
            }
            endpoint.closeAll(CLOSE_TIMEOUT);
            if (authenticator != null) {
                authenticator.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
