package dev.agentbuilder.chat.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * One attempt's connection, as the session and its {@link Traffic} use it: its WebSocket, the timer that drops it
 * when it has not joined in time, and its callbacks, handed over to the client's thread. Whether it is still the
 * current one is the session's to judge: every event names its connection.
 *
 * <p>Confined to the client's thread; the WebSocket's callbacks only post to it.
 */
final class Connection implements Traffic.Link {

    /** What a connection tells its session, on the client's thread. */
    interface Events {
        /** The socket is open. */
        void opened(Connection from);

        void text(Connection from, String text);

        /** The server closed it (or answered our close). */
        void closed(Connection from, int code, String reason);

        /** It broke without a close, or could not be opened ({@code opened} false). */
        void lost(Connection from, Throwable error, boolean opened);

        /** Not joined within the ready timeout. */
        void noReady(Connection from);

        /** Stored events went missing on it. */
        void gap(Connection from, String reason);

        /** Its traffic says it joined; false when it is not the current attempt (or joined already). */
        boolean joined(Connection from, String reason);

        /** Whether {@code connection} is still the session's current one. */
        boolean isCurrent(Connection connection);
    }

    private final ClientThread thread;
    private final Events events;
    private final WsConnection socket;
    private ScheduledFuture<?> readyTimer;

    Connection(ClientThread thread, Events events) {
        this.thread = thread;
        this.events = events;
        this.socket = new WsConnection(new Handler());
    }

    /** Starts opening, and the ready timer with it; does not block. */
    void open(HttpClient http, URI uri, Map<String, String> headers, Duration connectTimeout, Duration readyTimeout) {
        readyTimer = thread.schedule(readyTimeout, () -> {
            if (events.isCurrent(this)) {
                events.noReady(this);
            }
        });
        socket.connect(http, uri, headers, connectTimeout).whenComplete((ok, error) -> {
            if (error != null) {
                thread.postQuietly(() -> events.lost(this, error, false));
            }
        });
    }

    /** The attempt is over: the connection joined. */
    void joined() {
        stopReadyTimer();
    }

    @Override
    public boolean join(String reason) {
        return events.joined(this, reason);
    }

    @Override
    public void send(String frame) {
        socket.send(frame);
    }

    @Override
    public void gap(String reason) {
        events.gap(this, reason);
    }

    /** Starts the closing handshake; the server's answer arrives as {@link Events#closed}. */
    void close(int code, String reason) {
        socket.close(code, reason);
    }

    /** Drops the socket at once, without a close handshake. */
    void abort() {
        stopReadyTimer();
        socket.abort();
    }

    void stopReadyTimer() {
        if (readyTimer != null) {
            readyTimer.cancel(false);
            readyTimer = null;
        }
    }

    /** Hands every WebSocket callback over to the client's thread. */
    private final class Handler implements WsConnection.Handler {

        @Override
        public void onOpen(WsConnection from) {
            thread.postQuietly(() -> events.opened(Connection.this));
        }

        @Override
        public void onText(WsConnection from, String text) {
            thread.postQuietly(() -> events.text(Connection.this, text));
        }

        @Override
        public void onClosed(WsConnection from, int code, String reason) {
            thread.postQuietly(() -> events.closed(Connection.this, code, reason));
        }

        @Override
        public void onFailure(WsConnection from, Throwable error) {
            thread.postQuietly(() -> events.lost(Connection.this, error, true));
        }
    }
}
