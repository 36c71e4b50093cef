package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ChatClientListener;
import java.util.List;
import java.util.Objects;

/**
 * Everything a thread's client was built with, checked. Immutable.
 *
 * @param resumeFrom the {@code lastSeq} of the first connection
 */
public record ThreadSettings(Settings connection, long resumeFrom, int outboxLimit, int maxMessageChars,
        List<ChatClientListener> listeners) {

    public ThreadSettings {
        Objects.requireNonNull(connection, "connection");
        if (connection.endpoint().threadId() == null) {
            throw new IllegalArgumentException("a thread's client needs a threadId");
        }
        if (resumeFrom < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + resumeFrom);
        }
        if (outboxLimit < 1) {
            throw new IllegalArgumentException("outboxLimit must be at least 1: " + outboxLimit);
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("maxMessageChars must be at least 1: " + maxMessageChars);
        }
        listeners = List.copyOf(listeners);
    }
}
