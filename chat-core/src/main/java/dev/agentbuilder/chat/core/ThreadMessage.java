package dev.agentbuilder.chat.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message in a thread's history.
 *
 * @param id              server-assigned id, unique within the thread
 * @param role            user or assistant
 * @param content         the text; for a stopped assistant reply, what had streamed so far (maybe empty)
 * @param createdAt       when the message was stored
 * @param userId          the author, for user messages; null for assistant messages
 * @param clientMessageId the client's idempotency key, for user messages that carried one; else null
 * @param replyTo         for assistant messages, the id of the user message answered; else null
 * @param stopped         true for an assistant reply cut short by a cancel
 * @param usage           tokens the model reported for an assistant reply, or null
 * @param channel         the conversation it belongs to: the builder's, or the preview of the agent being built
 * @param citations       for a preview reply answered from knowledge files, the passages it was given, best first;
 *                        else empty
 */
public record ThreadMessage(
        String id,
        Role role,
        String content,
        Instant createdAt,
        String userId,
        String clientMessageId,
        String replyTo,
        boolean stopped,
        Usage usage,
        Channel channel,
        List<Citation> citations) {

    /** A message without citations. */
    public ThreadMessage(String id, Role role, String content, Instant createdAt, String userId,
            String clientMessageId, String replyTo, boolean stopped, Usage usage, Channel channel) {
        this(id, role, content, createdAt, userId, clientMessageId, replyTo, stopped, usage, channel, List.of());
    }

    /** A message of the builder's conversation. */
    public ThreadMessage(String id, Role role, String content, Instant createdAt, String userId,
            String clientMessageId, String replyTo, boolean stopped, Usage usage) {
        this(id, role, content, createdAt, userId, clientMessageId, replyTo, stopped, usage, Channel.BUILDER);
    }

    public ThreadMessage {
        citations = List.copyOf(citations);
        if (role == Role.USER && !citations.isEmpty()) {
            throw new IllegalArgumentException("citations belong to assistant messages: " + id);
        }
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        if (role == Role.USER && userId == null) {
            throw new IllegalArgumentException("a user message needs a userId: " + id);
        }
        if (role == Role.USER && (replyTo != null || stopped || usage != null)) {
            throw new IllegalArgumentException("replyTo, stopped and usage belong to assistant messages: " + id);
        }
        if (role == Role.ASSISTANT && (userId != null || clientMessageId != null)) {
            throw new IllegalArgumentException("userId and clientMessageId belong to user messages: " + id);
        }
    }

    public static ThreadMessage user(String id, String content, Instant createdAt, String userId, String clientMessageId) {
        return user(id, content, createdAt, userId, clientMessageId, Channel.BUILDER);
    }

    public static ThreadMessage user(String id, String content, Instant createdAt, String userId,
            String clientMessageId, Channel channel) {
        return new ThreadMessage(id, Role.USER, content, createdAt, userId, clientMessageId, null, false, null,
                channel);
    }

    public static ThreadMessage assistant(
            String id, String content, Instant createdAt, String replyTo, boolean stopped, Usage usage) {
        return assistant(id, content, createdAt, replyTo, stopped, usage, Channel.BUILDER);
    }

    public static ThreadMessage assistant(String id, String content, Instant createdAt, String replyTo,
            boolean stopped, Usage usage, Channel channel) {
        return new ThreadMessage(id, Role.ASSISTANT, content, createdAt, null, null, replyTo, stopped, usage,
                channel);
    }

    /** This message with citations. */
    public ThreadMessage withCitations(List<Citation> cited) {
        return new ThreadMessage(id, role, content, createdAt, userId, clientMessageId, replyTo, stopped, usage,
                channel, cited);
    }
}
