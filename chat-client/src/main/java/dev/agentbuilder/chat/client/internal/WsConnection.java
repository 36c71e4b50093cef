package dev.agentbuilder.chat.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection on the JDK client: whole text messages in, text messages out in the order they were
 * given. The handler is called on the HttpClient's threads: {@link Handler#onText} calls never overlap and come in
 * order (the JDK's listener contract); after {@link Handler#onOpen}, exactly one of {@link Handler#onClosed} and
 * {@link Handler#onFailure} ends the calls (a failed send reports its failure from the thread that saw it, so the
 * handler must not assume it is alone). When the connection cannot be opened, the future of {@link #connect} fails
 * and the handler is not called.
 *
 * <p>Thread-safe: {@link #sendChain} is guarded by {@code this}; {@link #ended} and {@link #aborted} are atomic; the
 * listener's {@code partial} buffer is confined to the JDK's listener calls, which never overlap.
 */
final class WsConnection {

    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);

    /** What a connection reports. */
    interface Handler {
        void onOpen(WsConnection connection);

        /** A whole text message (partial frames already joined). */
        void onText(WsConnection connection, String text);

        /** The server closed the connection (or answered our close). */
        void onClosed(WsConnection connection, int code, String reason);

        /** The connection broke without a close handshake. */
        void onFailure(WsConnection connection, Throwable error);
    }

    private final Handler handler;
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private CompletableFuture<WebSocket> sendChain = opened;

    WsConnection(Handler handler) {
        this.handler = handler;
    }

    /**
     * Starts the opening handshake, sending {@code headers} with it; does not block. The future completes when the
     * connection is open, or fails with the reason it could not be opened (refused, timed out, handshake refused).
     * The headers are never logged (they may carry a token), and the URL only {@link Redact redacted}.
     */
    CompletableFuture<Void> connect(HttpClient client, URI uri, Map<String, String> headers, Duration timeout) {
        CompletableFuture<WebSocket> building;
        try {
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
            headers.forEach(builder::header);
            building = builder.buildAsync(uri, new Listener());
        } catch (RuntimeException e) {
            building = CompletableFuture.failedFuture(e);
        }
        String shown = Redact.url(uri);
        log.debug("connecting to {}{}", shown, headers.isEmpty() ? "" : " with headers " + headers.keySet());
        building.whenComplete((ws, error) -> {
            if (error != null) {
                log.debug("could not connect to {}: {}", shown, error.toString());
                opened.completeExceptionally(error);
            } else {
                log.debug("connected to {}", shown);
            }
        });
        return building.thenApply(ws -> null);
    }

    /**
     * Queues a text message; sent after the ones queued before. Does nothing useful once the connection ended. A
     * send that fails ends the connection with {@link Handler#onFailure}: the socket is gone, even if no close or
     * error said so (the JDK's WebSocket can miss the end of a connection that comes between two frames).
     */
    void send(String text) {
        log.debug("-> {}", text);
        synchronized (this) {
            sendChain = sendChain.thenCompose(ws -> ws.sendText(text, true));
            sendChain.whenComplete((ws, error) -> {
                if (error != null) {
                    log.debug("could not send a frame: {}", error.toString());
                    if (!opened.isCompletedExceptionally() && ended.compareAndSet(false, true)) {
                        handler.onFailure(WsConnection.this, error);
                    }
                }
            });
        }
    }

    /** Starts the closing handshake after the queued messages; the server's answer arrives as {@code onClosed}. */
    void close(int code, String reason) {
        synchronized (this) {
            sendChain = sendChain.thenCompose(ws -> ws.sendClose(code, reason));
        }
    }

    /** Drops the connection at once, without a close handshake; the handler hears nothing more. */
    void abort() {
        aborted.set(true);
        ended.set(true);
        opened.thenAccept(WebSocket::abort);
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            opened.complete(ws);
            if (aborted.get()) {
                ws.abort();
                return;
            }
            handler.onOpen(WsConnection.this);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                log.debug("<- {}", text);
                if (!ended.get()) {
                    handler.onText(WsConnection.this, text);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            // Protocol v1 has no binary frames; skip any.
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            log.debug("closed by the server: {} {}", code, reason);
            if (ended.compareAndSet(false, true)) {
                handler.onClosed(WsConnection.this, code, reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            log.debug("connection failed: {}", error.toString());
            if (ended.compareAndSet(false, true)) {
                handler.onFailure(WsConnection.this, error);
            }
        }
    }
}
