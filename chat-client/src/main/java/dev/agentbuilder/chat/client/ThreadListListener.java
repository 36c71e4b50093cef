package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.protocol.ServerFrame;

/**
 * What a {@link ThreadListClient} reports besides the answers to its requests. Every method has an empty default:
 * implement those you need.
 *
 * <p>Threading: every call comes from the client's own thread ({@code chat-client-N}), one at a time and in the order
 * things happened, so an implementation needs no locking for state only these calls touch. Calls must not block for
 * long: the client does nothing else meanwhile. A listener that throws is logged and skipped; the client and the other
 * listeners go on.
 */
public interface ThreadListListener {

    /** The connection's status changed; {@link ThreadListClient#status()} returns it from now on. */
    default void onStatus(ConnectionStatus status) {
    }

    /**
     * A thread of the watched list changed ({@code thread_changed}), by any connection, node or the HTTP API: keep your
     * list by {@code threadId}; with {@code thread}, insert or replace it and sort by {@code updatedAt}, newest first;
     * without ({@code deleted}, or no longer matching the search), remove it. Changes come after the first page that
     * started the watch has completed its future. It is a hint about the truth in the store, not a log: after a
     * reconnect the client lists again for you ({@link #onRelisted}).
     */
    default void onChange(ServerFrame.ThreadChanged change) {
    }

    /**
     * The connection was lost and a new one joined: changes made meanwhile were not sent, so the client asked for the
     * watched list's first page again (the search and page size of the last first page asked for), and here it is.
     * Replace your list with it. Not called when the app's own first-page request was waiting anyway: its future
     * gets the page.
     */
    default void onRelisted(ServerFrame.Threads firstPage) {
    }

    /**
     * A frame the codec could not read ({@code invalid_json}, {@code invalid_message}) was skipped. For debugging:
     * nothing is thrown, and the client goes on.
     */
    default void onUndecodable(String text, String problem) {
    }

    /**
     * The client stopped: refused for good ({@code ERROR}), closed by the app, or, when it does not reconnect, its
     * connection ended ({@code DISCONNECTED}). Requests still waiting failed with {@link RequestFailedException#STOPPED}
     * just before. No more calls follow until {@link ThreadListClient#connect()} is called again.
     */
    default void onStopped(ConnectionStatus status) {
    }
}
