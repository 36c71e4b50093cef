package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.protocol.CloseCodes;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a client's connection ({@link ChatClient}, {@link ThreadListClient}) stands, as a UI shows it: one of four
 * {@link State}s, with a reason for people. Immutable; the client reports each change to its listener's
 * {@code onStatus} and keeps the latest for its {@code status()}.
 *
 * @param state     what the connection is doing
 * @param reason    for people: what happened, naming the server's words when it gave any (for {@link State#ERROR}:
 *                  {@code the server refused the connection: forbidden (4403): forbidden: This thread belongs to
 *                  another user.}). Never a token.
 * @param attempt   retries since the last join ({@code ready}, or the socket of a user connection opening): 0 for
 *                  the first attempt after a join (or after {@code connect()}), 1 for the first retry, and so on;
 *                  the retry whose wait {@code retryIn} is, when one is scheduled
 * @param retryIn   when the next attempt starts, while {@link State#DISCONNECTED} with a retry scheduled; null
 *                  otherwise (the app closed the client, or it does not reconnect)
 * @param closeCode the WebSocket close code that caused this status, or null when no close did
 * @param url       the URL of the current or last attempt, with the value of any {@code token} parameter masked;
 *                  null before the first attempt
 * @param cause     the exception behind a failed or lost connection, for logs; null when there was none
 */
public record ConnectionStatus(State state, String reason, int attempt, Duration retryIn, Integer closeCode,
        String url, Throwable cause) {

    /** The four states every client of this project shows. */
    public enum State {
        /** An attempt is under way: the socket is opening, or open and waiting for {@code ready}. */
        CONNECTING,
        /** {@code ready} arrived on the current connection. */
        CONNECTED,
        /** Not connected: a retry is scheduled ({@code retryIn}), or the client was stopped or does not reconnect. */
        DISCONNECTED,
        /**
         * Stopped for good: the server refused in a way retrying cannot fix (close 4400, 4403, or 4401 when the token
         * source gives no new token), the thread was deleted (4410: {@link #threadDeleted()}), or the URL or token
         * cannot be used. No retry until {@link ChatClient#connect()}.
         */
        ERROR
    }

    public ConnectionStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
        }
        if (retryIn != null && retryIn.isNegative()) {
            throw new IllegalArgumentException("retryIn must not be negative: " + retryIn);
        }
    }

    /** Whether a retry is scheduled: {@link State#DISCONNECTED} with a {@code retryIn}. */
    public boolean retrying() {
        return state == State.DISCONNECTED && retryIn != null;
    }

    /**
     * Whether the client stopped because its thread was deleted (close 4410), by any connection, node or the HTTP
     * API. The client does not reconnect on its own: the same threadId would start a new, empty thread.
     */
    public boolean threadDeleted() {
        return state == State.ERROR && closeCode != null && closeCode == CloseCodes.THREAD_DELETED;
    }
}
