package dev.agentbuilder.chat.protocol;

/**
 * A stored message as it travels in {@code message} frames. Optional fields are null when absent and are then left
 * out of the JSON.
 *
 * @param role      "user" or "assistant"
 * @param createdAt ISO-8601 in UTC, for example {@code 2026-11-25T19:57:14.123Z}
 * @param channel   "preview" for a message to or from the agent being built; null for the builder's conversation
 * @param citations the knowledge passages an assistant reply was given to answer from; null when none
 */
public record WireMessage(
        String id,
        String role,
        String content,
        String createdAt,
        String userId,
        String clientMessageId,
        String replyTo,
        Boolean stopped,
        WireUsage usage,
        String channel,
        java.util.List<WireCitation> citations) {

    public WireMessage {
        citations = citations == null || citations.isEmpty() ? null : java.util.List.copyOf(citations);
    }

    /** A message without citations. */
    public WireMessage(String id, String role, String content, String createdAt, String userId,
            String clientMessageId, String replyTo, Boolean stopped, WireUsage usage, String channel) {
        this(id, role, content, createdAt, userId, clientMessageId, replyTo, stopped, usage, channel, null);
    }

    /** A message of the builder's conversation. */
    public WireMessage(String id, String role, String content, String createdAt, String userId,
            String clientMessageId, String replyTo, Boolean stopped, WireUsage usage) {
        this(id, role, content, createdAt, userId, clientMessageId, replyTo, stopped, usage, null);
    }
}
