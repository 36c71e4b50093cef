package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.protocol.CloseCodes;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.server.ServerOptions;

/**
 * How fast one connection may send: inbound frames of any kind (pings included), and the frames that are stored
 * (user messages and changes to the draft), each against its own token bucket. A connection over its frame rate is
 * answered and closed; a stored frame over the message rate is answered and dropped.
 *
 * <p>Thread-safe: the buckets lock themselves; one connection's frames arrive on one Java-WebSocket worker, so they
 * are never contended.
 */
final class RateLimits {

    private final Connection connection;
    private final TokenBucket frames;
    private final TokenBucket messages;

    RateLimits(Connection connection, ServerOptions.Limits limits, long nowNanos) {
        this.connection = connection;
        this.frames = new TokenBucket(limits.framesPerSecond(), 2 * limits.framesPerSecond(), nowNanos);
        this.messages = new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nowNanos);
    }

    /** Whether one more inbound frame fits the frame rate; when it does not, the connection is closed (4429). */
    boolean admitFrame() {
        if (frames.tryTake(System.nanoTime())) {
            return true;
        }
        if (connection.isOpen()) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.RATE_LIMITED,
                    "Too many frames per second: the connection is closed.", null));
            connection.close(CloseCodes.TOO_MANY, "too many frames per second");
        }
        return false;
    }

    /**
     * Whether one more stored frame (a {@code what}: message or change) fits the message rate, which messages and
     * changes to the draft share; when it does not, the client is told that it was not stored.
     */
    boolean admitStored(String clientMessageId, String what) {
        if (messages.tryTake(System.nanoTime())) {
            return true;
        }
        connection.send(new ServerFrame.ErrorFrame(ErrorCodes.RATE_LIMITED, "You are sending messages too fast; "
                + "this " + what + " was not stored. Wait a moment and send it again.", clientMessageId));
        return false;
    }
}
