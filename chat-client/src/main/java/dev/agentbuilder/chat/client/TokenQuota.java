package dev.agentbuilder.chat.client;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the user stands against the chat server's daily token budget ({@code --tokens-per-user-per-day}), as a
 * {@link ChatClient} knows it: the {@code quota} of the latest {@code ready}, with the usage of every reply of the
 * thread stored since added to {@code used}, or the {@code quota} of the server's latest {@code quota_exceeded}
 * refusal. Replies in the user's other threads count from the next join, so {@code used} may trail the server's
 * count until then; the server decides what it refuses. Only a server with a budget sends one.
 *
 * @param used     the tokens (input plus output) the user's replies used today (UTC), across their threads
 * @param limit    the tokens each user may use per UTC day
 * @param renewsAt when the count starts again from zero: the next midnight UTC
 */
public record TokenQuota(long used, long limit, Instant renewsAt) {

    public TokenQuota {
        Objects.requireNonNull(renewsAt, "renewsAt");
        if (used < 0 || limit < 1) {
            throw new IllegalArgumentException("used must be >= 0 and limit >= 1: " + used + ", " + limit);
        }
    }

    /** Whether the day's tokens are spent: the server refuses the user's next message until {@link #renewsAt()}. */
    public boolean spent() {
        return used >= limit;
    }

    /** The tokens left today: 0 once spent. */
    public long remaining() {
        return Math.max(0, limit - used);
    }
}
