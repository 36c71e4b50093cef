package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ThreadListClient;
import dev.agentbuilder.chat.client.ThreadListClientBuilder;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.util.Objects;

/**
 * Which server and user a command works for, as {@link UserOptions} checked them, without a thread: the user's list of
 * threads. {@link #toString()} shows neither the token nor a {@code token} parameter of the URL.
 *
 * @param token a bearer token, or null to connect without one
 */
record UserTarget(URI server, String userId, String token) {

    UserTarget {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(userId, "userId");
    }

    /** A list client builder for this user; the caller adds how it reconnects. */
    ThreadListClientBuilder lists() {
        return ThreadListClient.builder().url(server).userId(userId).token(token);
    }

    @Override
    public String toString() {
        return "UserTarget[server=" + TokenMask.url(server.toString()) + ", userId=" + userId + ", token="
                + (token == null ? "none" : TokenMask.MASK) + "]";
    }
}
