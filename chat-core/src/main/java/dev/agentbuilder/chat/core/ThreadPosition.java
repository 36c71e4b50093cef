package dev.agentbuilder.chat.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A place in a user's listing of threads, which is ordered by {@code updatedAt}, newest first, and among threads
 * updated in the same millisecond by {@code threadId}, descending. A page that continues after a position holds the
 * threads that come strictly after it in that order. Immutable.
 */
public record ThreadPosition(Instant updatedAt, String threadId) {

    public ThreadPosition {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(threadId, "threadId");
    }
}
