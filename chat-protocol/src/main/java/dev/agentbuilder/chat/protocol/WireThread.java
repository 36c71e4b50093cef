package dev.agentbuilder.chat.protocol;

/**
 * A thread as a user's list shows it, in {@code threads}, {@code thread_renamed} and {@code thread_changed} frames
 * and in the HTTP API: the same object everywhere. {@code lastMessage} is null (left out) for a thread without
 * messages. Times are ISO-8601 UTC with milliseconds. {@code usage} sums the tokens of its replies.
 */
public record WireThread(
        String threadId,
        String title,
        String createdAt,
        String updatedAt,
        Agent agent,
        String lastMessage,
        long messageCount,
        WireThreadUsage usage) {

    public WireThread(String threadId, String title, String createdAt, String updatedAt, Agent agent,
            String lastMessage, long messageCount) {
        this(threadId, title, createdAt, updatedAt, agent, lastMessage, messageCount, null);
    }

    /** The tokens the thread's replies used, summed: left out by servers that do not count them. */
    public record WireThreadUsage(long inputTokens, long outputTokens) {
    }

    /** The thread's agent as the list shows it: its name (empty before it has one) and draft version. */
    public record Agent(String name, long version) {
    }
}
