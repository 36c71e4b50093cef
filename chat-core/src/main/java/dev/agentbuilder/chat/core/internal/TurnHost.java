package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.langchain4j.memory.ChatMemory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * What a {@link Turn} may ask of its thread ({@link TurnOutcomes}): all of it on the thread's executor, where the turn
 * runs.
 */
interface TurnHost {

    String threadId();

    EngineConfig config();

    /** The knowledge files a preview turn searches. */
    EngineKnowledge knowledge();

    /** Runs {@code task} on the thread's executor, after the work queued there. */
    void execute(Runnable task);

    /** Runs {@code task} on the thread's executor after {@code delay}; null when the engine is shutting down. */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);

    AgentDraft draft();

    /** The chat memory of one of the thread's conversations. */
    ChatMemory memory(Channel channel);

    /** The time for a message: millisecond precision, as JavaScript clients parse it. */
    Instant now();

    /** Takes the drafts one model response made as the current draft and stores them, without waiting. */
    void applyDrafts(Turn by, List<AgentDraft> changes);

    /** The token of the lease the turn runs under, which its deltas carry: 0 in one process. */
    long fence();

    /** Publishes a live event of the turn (a delta), once its user message is stored. */
    void publishForTurn(ThreadEvent event);

    /** Stores the reply; the turn ends once it is stored. */
    void turnFinished(Turn finished, ThreadMessage reply);

    /** Ends the turn with an error to every member. */
    void turnFailed(Turn failed, ErrorCode code, String message);
}
