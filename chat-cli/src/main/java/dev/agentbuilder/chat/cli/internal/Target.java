package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ChatClient;
import dev.agentbuilder.chat.client.ChatClientBuilder;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.util.Objects;

/**
 * Where a command connects and as whom, as {@link ConnectionOptions} checked it: the server URL, the thread and user
 * ids and the token, if any. {@link #client()} starts a {@link ChatClient} with them. {@link #toString()} shows neither
 * the token nor a {@code token} parameter of the URL.
 *
 * @param token a bearer token, or null to connect without one
 */
record Target(URI server, String threadId, String userId, String token) {

    Target {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
    }

    /** A client builder for this target; the caller adds its listener and how it reconnects. */
    ChatClientBuilder client() {
        return ChatClient.builder().url(server).threadId(threadId).userId(userId).token(token);
    }

    @Override
    public String toString() {
        return "Target[server=" + TokenMask.url(server.toString()) + ", threadId=" + threadId + ", userId=" + userId
                + ", token=" + (token == null ? "none" : TokenMask.MASK) + "]";
    }
}
