package dev.agentbuilder.chat.core;

import java.util.Objects;

/**
 * What a member sees when it joins, before any event.
 *
 * @param threadId the thread
 * @param userId   the joining user
 * @param lastSeq  the highest seq in the thread's log (0 for a new thread)
 * @param agent    the current draft
 * @param status   whether a turn is running
 * @param reset    true when the member claimed a lastSeq beyond {@code lastSeq}: the replay that follows starts
 *                 from the beginning, and the member should rebuild its view
 * @param limits   what the engine accepts in the thread (message and draft lengths), for the member to check input
 *                 against before sending it
 * @param quota    where the user stands against the daily token budget; null when there is none
 */
public record ThreadSnapshot(
        String threadId, String userId, long lastSeq, AgentDraft agent, TurnState status, boolean reset,
        ThreadLimits limits, TokenQuota quota) {

    /** A snapshot with no token budget. */
    public ThreadSnapshot(String threadId, String userId, long lastSeq, AgentDraft agent, TurnState status,
            boolean reset, ThreadLimits limits) {
        this(threadId, userId, lastSeq, agent, status, reset, limits, null);
    }

    public ThreadSnapshot {
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(limits, "limits");
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + lastSeq);
        }
    }
}
