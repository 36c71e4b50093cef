package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.time.Duration;

/**
 * What a {@link ReconnectingSession} reports. Every call comes from the session's own thread ({@code chat-session}),
 * one at a time and in order, so an implementation needs no more locking than its other callers require.
 */
interface SessionListener {

    /**
     * A connection attempt starts ({@code attempt} counts from 1 since the last successful join). The URL is the one
     * connected to: print it through {@link Redact#url(URI)}, as it may carry a {@code token} parameter.
     */
    default void connecting(URI uri, int attempt) {
    }

    /** The server accepted the join; the replay of missed events follows as {@link #frame} calls. */
    default void connected(ServerFrame.Ready ready) {
    }

    /** A frame after {@code ready}, as received (replayed or live). */
    default void frame(ServerFrame frame) {
    }

    /** The connection was lost or could not be opened; the next attempt starts in {@code retryIn}. */
    default void disconnected(String why, Duration retryIn) {
    }

    /** A typed message is given up and will not be sent again. */
    default void dropped(String clientMessageId, String why) {
    }

    /** A message was stored but will get no reply: its turn failed while this client was away. */
    default void unanswered(String clientMessageId) {
    }

    /** The session ended; no more calls follow. */
    default void stopped(SessionStop stop) {
    }
}
