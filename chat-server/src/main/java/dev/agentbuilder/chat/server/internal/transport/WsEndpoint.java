package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.TokenMask;
import dev.agentbuilder.chat.server.ServerOptions;
import dev.agentbuilder.chat.server.internal.auth.OriginPolicy;
import dev.agentbuilder.chat.server.internal.auth.Authenticator;
import dev.agentbuilder.chat.server.internal.auth.Verdict;
import dev.agentbuilder.chat.server.internal.ops.ServerMeters;
import dev.agentbuilder.chat.server.internal.wire.FrameMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Protocol v1 on Java-WebSocket. Every callback runs on the library's selector or its workers, which all
 * connections share, so nothing here waits: frames are decoded and handed to chat-core, which answers on its own
 * threads. Each callback is wrapped: a failure is logged once, answered with an {@code internal} error, and the
 * server keeps running.
 *
 * <p>Thread-safe: its own state is final; the {@link EndpointLifecycle}, the {@link WriteRearm} check and the
 * {@link ConnectionCloser} each say who owns theirs.
 */
public final class WsEndpoint extends WebSocketServer {

    private static final Logger log = LoggerFactory.getLogger(WsEndpoint.class);
    private static final String BEARER = "Bearer ";

    private final ChatEngine engine;
    private final ServerOptions options;
    private final OriginPolicy origins;
    /** Null when connections need no token. */
    private final Authenticator authenticator;
    private final ConnectionCounter counter;
    private final ListRequests lists;
    private final ServerMeters meters;
    private final EndpointLifecycle lifecycle = new EndpointLifecycle();
    private final WriteRearm rearm = new WriteRearm();
    private final ConnectionCloser closer = new ConnectionCloser();

    public WsEndpoint(ServerOptions options, ChatEngine engine, ServerMeters meters, Authenticator authenticator) {
        super(new InetSocketAddress(options.host(), options.port()),
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                List.of(new CachedHandshakeRfc6455(options.maxFrameBytes())));
        this.engine = engine;
        this.lists = new ListRequests(engine.threads());
        this.options = options;
        this.meters = meters;
        this.origins = new OriginPolicy(options.access().allowedOrigins());
        this.authenticator = authenticator;
        this.counter = new ConnectionCounter(options.limits().maxConnections(),
                options.limits().maxConnectionsPerUser());
        setWebSocketFactory(new ChatSocketFactory(this, closer.executor()));
        setReuseAddr(true);
        // Deltas are small frames that should leave at once, not wait for Nagle's algorithm.
        setTcpNoDelay(true);
        setMaxPendingConnections(options.backlog());
        setConnectionLostTimeout((int) Math.min(Integer.MAX_VALUE, options.connectionLostTimeout().toSeconds()));
        setDaemon(true);
    }

    /** Starts the selector and waits until the port is bound. */
    public void startAndAwait() {
        start();
        lifecycle.awaitStarted(options.host(), options.port());
    }

    /** From now on, new connections are closed with 1001 at once. */
    public void beginDrain() {
        lifecycle.beginDrain();
    }

    /**
     * Closes every connection with 1001, waits up to {@code timeout} for the clients to answer, then stops the
     * selector. Never throws: every failure on the way is logged once and the stop goes on.
     *
     * <p>The connections are closed here, while the selector still runs, not by {@link #stop}: once {@code stop}
     * marks the server closed, the selector thread quits within 25 ms and closes its selector, and with thousands of
     * connections {@code stop} is still queueing close frames then, each of which fails with a
     * {@code ClosedSelectorException} (Java-WebSocket 1.6.0).
     */
    public void closeAll(Duration timeout) {
        lifecycle.beginDrain();
        closer.closeAll(getConnections());
        closer.awaitNoConnections(this::getConnections, timeout);
        rearm.stop();
        try {
            stop((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), "server shutting down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("the WebSocket server did not stop cleanly", e);
        }
        closer.shutdown();
    }

    @Override
    public void onStart() {
        rearm.start(this::getConnections);
        lifecycle.started();
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        try {
            open(socket, handshake);
        } catch (RuntimeException e) {
            log.error("failed to open a connection", e);
            socket.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private void open(WebSocket socket, ClientHandshake handshake) {
        if (lifecycle.draining()) {
            meters.connectionRefused(CloseCodes.GOING_AWAY);
            socket.close(CloseCodes.GOING_AWAY, "server shutting down");
            return;
        }
        String resource = handshake.getResourceDescriptor();
        if (log.isDebugEnabled()) {
            log.debug("handshake {}", TokenMask.url(resource));
        }
        String origin = handshake.hasFieldValue("Origin") ? handshake.getFieldValue("Origin") : null;
        if (!origins.allows(origin)) {
            refuse(socket, ErrorCodes.FORBIDDEN, CloseCodes.FORBIDDEN,
                    "Connections from the origin " + origin + " are not allowed on this server.");
            return;
        }
        HandshakeParams.Parsed parsed = HandshakeParams.parse(resource);
        if (parsed instanceof HandshakeParams.Invalid invalid) {
            refuse(socket, ErrorCodes.INVALID_REQUEST, CloseCodes.INVALID_REQUEST, invalid.reason());
            return;
        }
        HandshakeParams params = ((HandshakeParams.Valid) parsed).params();
        if (authenticator == null) {
            admit(socket, params, null);
            return;
        }
        CompletableFuture<Verdict> verdict = authenticator.verify(token(handshake, params));
        if (verdict.isDone()) {
            admit(socket, params, verdict.join());
        } else {
            // The identity provider's keys are being fetched: the rest runs on the authenticator's thread.
            verdict.thenAccept(v -> admitLater(socket, params, v));
        }
    }

    /** {@link #admit} once the token's keys came; on the authenticator's thread, which must not wait. */
    private void admitLater(WebSocket socket, HandshakeParams params, Verdict verdict) {
        try {
            // onClose runs inside the socket's closeConnection, which holds this monitor: either the client left
            // while the keys were fetched (the socket is no longer open, and onClose found nothing to release) or
            // onClose comes after the join, and releases it.
            synchronized (socket) {
                if (!socket.isOpen()) {
                    return;
                }
                if (lifecycle.draining()) {
                    meters.connectionRefused(CloseCodes.GOING_AWAY);
                    socket.close(CloseCodes.GOING_AWAY, "server shutting down");
                    return;
                }
                admit(socket, params, verdict);
            }
        } catch (RuntimeException e) {
            log.error("failed to open a connection", e);
            socket.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /** Joins the thread if the verdict (null without authentication) lets this user in and there is room. */
    private void admit(WebSocket socket, HandshakeParams params, Verdict verdict) {
        String refusal = verdict == null ? null : verdict.refusalToOpen(params.userId(), params.threadId());
        if (refusal != null) {
            refuse(socket, ErrorCodes.UNAUTHORIZED, CloseCodes.UNAUTHORIZED, refusal);
            return;
        }
        String tooMany = counter.tryAdd(params.userId());
        if (tooMany != null) {
            refuse(socket, ErrorCodes.RATE_LIMITED, CloseCodes.TOO_MANY, tooMany);
            return;
        }
        Connection connection = new Connection(connectionId(), params.userId(), (ChatSocket) socket,
                options.limits(), meters);
        socket.setAttachment(connection);
        if (verdict != null && !verdict.opensTheUsersList()) {
            connection.limitToItsThreads();
        }
        MDC.put("connectionId", connection.id);
        if (params.userOnly()) {
            log.debug("connection {} is a user connection", connection.id);
            MDC.remove("connectionId");
            return;
        }
        try {
            ThreadMember member = engine.join(params.threadId(), params.userId(), params.lastSeq(), connection);
            connection.joined(member);
            log.debug("connection {} joined thread {}", connection.id, params.threadId());
        } catch (ChatException e) {
            // The engine shut down between the drain check above and the join.
            meters.connectionRefused(CloseCodes.GOING_AWAY);
            socket.close(CloseCodes.GOING_AWAY, "server shutting down");
        } finally {
            MDC.remove("connectionId");
        }
    }

    /**
     * A random version-4 UUID naming a connection in logs and in {@code ready}. It grants nothing, so it comes from
     * {@link ThreadLocalRandom}, not {@code UUID.randomUUID()}: that one draws from the JVM's one SecureRandom, behind
     * a lock every connect of a storm queued on.
     */
    static String connectionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The token of the {@code Authorization: Bearer} header, else of the {@code token} parameter. */
    private static String token(ClientHandshake handshake, HandshakeParams params) {
        String authorization = handshake.getFieldValue("Authorization");
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return params.token();
    }

    /** Refuses a connection before it joins anything: one error frame, then the close code. */
    private void refuse(WebSocket socket, String errorCode, int closeCode, String message) {
        meters.connectionRefused(closeCode);
        socket.send(ProtocolCodec.encode(new ServerFrame.ErrorFrame(errorCode, message, null)));
        socket.close(closeCode, message);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        Connection connection = socket.getAttachment();
        if (connection == null || !connection.rateLimits.admitFrame()) {
            return;
        }
        MDC.put("connectionId", connection.id);
        try {
            handle(connection, text);
        } catch (RuntimeException e) {
            log.error("failed to handle a frame on connection {}", connection.id, e);
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INTERNAL, "internal error", null));
        } finally {
            MDC.remove("connectionId");
        }
    }

    @Override
    public void onWebsocketPing(WebSocket socket, Framedata ping) {
        Connection connection = socket.getAttachment();
        if (connection == null || connection.rateLimits.admitFrame()) {
            super.onWebsocketPing(socket, ping);
        }
    }

    private void handle(Connection connection, String text) {
        Decoded<ClientFrame> decoded = ProtocolCodec.decodeClient(text);
        if (decoded instanceof Decoded.Invalid<ClientFrame> invalid) {
            connection.send(new ServerFrame.ErrorFrame(invalid.code(), invalid.message(), invalid.clientMessageId()));
            return;
        }
        ClientFrame frame = ((Decoded.Ok<ClientFrame>) decoded).frame();
        ThreadMember member = connection.member();
        if (ListRequests.handles(frame)) {
            lists.handle(connection, frame);
        } else if (frame instanceof ClientFrame.Ping) {
            connection.send(new ServerFrame.Pong());
        } else if (member == null) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INVALID_MESSAGE, "This connection has no thread: "
                    + "connect with a threadId to send " + frame.type() + ".", null));
        } else if (frame instanceof ClientFrame.UserMessage message) {
            meters.messageReceived();
            if (!connection.rateLimits.admitStored(message.clientMessageId(), "message")) {
                return;
            }
            member.submit(message.content(), message.clientMessageId(),
                    message.preview() ? Channel.PREVIEW : Channel.BUILDER);
        } else if (frame instanceof ClientFrame.UpdateAgent update) {
            if (connection.rateLimits.admitStored(update.clientMessageId(), "change")) {
                member.updateAgent(update.baseVersion(), FrameMapper.changes(update.changes()),
                        update.clientMessageId());
            }
        } else if (frame instanceof ClientFrame.RevertAgent revert) {
            if (connection.rateLimits.admitStored(revert.clientMessageId(), "change")) {
                member.revertAgent(revert.version(), revert.clientMessageId());
            }
        } else if (frame instanceof ClientFrame.ExportAgent export) {
            // The codec let only known formats through.
            member.exportAgent(AgentExport.Format.fromId(export.format()).orElseThrow());
        } else if (frame instanceof ClientFrame.Cancel) {
            member.cancel();
        }
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer bytes) {
        Connection connection = socket.getAttachment();
        if (connection != null && !connection.rateLimits.admitFrame()) {
            return;
        }
        socket.close(CloseCodes.UNSUPPORTED_DATA, "binary frames are not supported; send JSON text frames");
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        if (lifecycle.draining()) {
            closer.closedWhileDraining();
        }
        Connection connection = socket.getAttachment();
        if (connection == null) {
            return;
        }
        MDC.put("connectionId", connection.id);
        try {
            counter.remove(connection.userId);
            connection.unwatch();
            ThreadMember member = connection.member();
            if (member != null) {
                member.leave();
            }
            log.debug("connection {} closed with {}", connection.id, code);
        } catch (RuntimeException e) {
            log.error("failed to close connection {}", connection.id, e);
        } finally {
            MDC.remove("connectionId");
        }
    }

    @Override
    public void onError(WebSocket socket, Exception e) {
        if (socket == null) {
            // The server itself failed, typically while binding.
            lifecycle.failedToStart(e);
            if (!(e instanceof IOException)) {
                log.error("server failure", e);
            }
            return;
        }
        Connection connection = socket.getAttachment();
        log.debug("error on connection {}: {}", connection == null ? "?" : connection.id, e.toString());
    }
}
