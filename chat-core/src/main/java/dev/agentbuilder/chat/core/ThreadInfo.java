package dev.agentbuilder.chat.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a thread's listing shows of it: its title, when it was created and last changed, its agent's name and draft
 * version, a preview of its last message and how many messages it holds. Immutable.
 *
 * @param threadId     the thread
 * @param ownerUserId  the user it belongs to
 * @param title        its title: the one its owner gave it, else the agent's name once it has one, else the start of
 *                     the first message; empty for a thread with neither
 * @param createdAt    when it was created
 * @param updatedAt    when its last event was stored (its creation, when it has none)
 * @param agentName    the agent draft's name; empty before the builder or the user named it
 * @param agentVersion the agent draft's version: 0 for the empty draft
 * @param lastMessage  the start of its newest message (at most {@link ThreadTitles#PREVIEW_CHARS} characters), or
 *                     null when it has none
 * @param messageCount how many messages it holds, of either role and either channel
 * @param tokens       the tokens its stored replies used, summed as their models reported (or the engine estimated)
 */
public record ThreadInfo(String threadId, String ownerUserId, String title, Instant createdAt, Instant updatedAt,
        String agentName, long agentVersion, String lastMessage, long messageCount, ThreadTokens tokens) {

    /** The tokens of a thread's replies, input and output summed apart. */
    public record ThreadTokens(long input, long output) {
        public static final ThreadTokens NONE = new ThreadTokens(0, 0);

        public ThreadTokens plus(Usage usage) {
            return usage == null ? this : new ThreadTokens(input + usage.inputTokens(), output + usage.outputTokens());
        }
    }

    /** A thread whose replies used no tokens (or none counted). */
    public ThreadInfo(String threadId, String ownerUserId, String title, Instant createdAt, Instant updatedAt,
            String agentName, long agentVersion, String lastMessage, long messageCount) {
        this(threadId, ownerUserId, title, createdAt, updatedAt, agentName, agentVersion, lastMessage, messageCount,
                ThreadTokens.NONE);
    }

    public ThreadInfo {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(tokens, "tokens");
    }

    /** Where this thread stands in its owner's listing, newest first. */
    public ThreadPosition position() {
        return new ThreadPosition(updatedAt, threadId);
    }
}
