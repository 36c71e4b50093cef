package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;

/**
 * What a {@link ReconnectingSession}'s connections carry, and what the app is owed across them: a thread's events and
 * requests ({@link Delivery}), or a user's list requests ({@link ListTraffic}). The session runs the connections
 * (attempts, tokens, statuses, backoff, heartbeat, refusals) and tells its traffic what happens to them; the traffic
 * says when a connection has joined ({@link Link#join}), since only it knows what joining means (a {@code ready} for a
 * thread, an open socket for a user connection).
 *
 * <p>Every call is made on the client's thread, and implementations are confined to it.
 */
interface Traffic {

    /** The current connection, as the traffic uses it. */
    interface Link {
        /** Sends an encoded frame on it, after those sent before. */
        void send(String frame);

        /** Stored events went missing on it: drop it and connect again at once. */
        void gap(String reason);

        /**
         * The connection has joined: the session reports {@code CONNECTED} with {@code reason} and starts the
         * heartbeat. False, and nothing happens, when it had joined already.
         */
        boolean join(String reason);
    }

    /** The URL of the next attempt. */
    URI uri(Endpoint endpoint);

    /** What did not come when an attempt is given up for not joining in time, as a status says it. */
    String notJoined();

    /** The app started a run ({@code connect()}): the first attempt follows. */
    default void started() {
    }

    /** A connection is opening; frames go out on {@code link} once it has joined. */
    void connecting(Link link);

    /** The current connection's socket is open. */
    void opened();

    /** A frame of the current connection, as decoded ({@code ready} included). */
    void received(ServerFrame frame);

    /** The connection ended: nothing more is sent on it, and what it owed will not come on it. */
    void ended(String why);

    /** The server closed with 1009 after something we sent: what was too big must not be sent again. */
    default void tooBig() {
    }

    /** The run ended with {@code last}: no connection follows until the app connects again. */
    default void stopped(ConnectionStatus last) {
    }

    /** The client is closed: whoever still waits will not be answered. */
    void closed();
}
