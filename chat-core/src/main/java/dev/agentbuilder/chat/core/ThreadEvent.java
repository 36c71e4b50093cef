package dev.agentbuilder.chat.core;

import java.util.List;
import java.util.Objects;

/**
 * Something that happened in a thread, delivered to every member of it. {@link StoredEvent}s are part of the
 * thread's log and carry its {@code seq}; the others are live only and are not replayed.
 */
public sealed interface ThreadEvent
        permits StoredEvent, ThreadEvent.StatusChanged, ThreadEvent.AssistantDelta, ThreadEvent.TurnFailed,
        ThreadEvent.FileStatusChanged {

    /** A user or assistant message was stored. */
    record MessageAdded(long seq, ThreadMessage message) implements StoredEvent {
        public MessageAdded {
            StoredEvent.requirePositive(seq);
            Objects.requireNonNull(message, "message");
        }
    }

    /** The agent draft changed and the new draft was stored; {@code source} says who changed it. */
    record AgentUpdated(long seq, AgentDraft agent, DraftSource source) implements StoredEvent {
        public AgentUpdated {
            StoredEvent.requirePositive(seq);
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(source, "source");
        }

        /** A change the builder made. */
        public AgentUpdated(long seq, AgentDraft agent) {
            this(seq, agent, DraftSource.BUILDER);
        }
    }

    /** The builder started or stopped working. */
    record StatusChanged(TurnState state) implements ThreadEvent {
        public StatusChanged {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * A piece of the assistant reply with id {@code messageId}, in order, in the reply's {@code channel}.
     *
     * @param fence the token of the turn lease the reply streams under: 0 in one process. When nodes share threads, a
     *              node delivers no delta streamed under an older lease than one it has seen for the thread: it comes
     *              from a node that lost the lease (paused, say, with the delta on its way out), whose turn another
     *              node answered
     */
    record AssistantDelta(String messageId, String delta, Channel channel, long fence, List<Citation> citations)
            implements ThreadEvent {
        public AssistantDelta {
            citations = List.copyOf(citations);
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(delta, "delta");
            Objects.requireNonNull(channel, "channel");
            if (fence < 0) {
                throw new IllegalArgumentException("fence must be >= 0: " + fence);
            }
        }

        /** A piece of a reply without citations. */
        public AssistantDelta(String messageId, String delta, Channel channel, long fence) {
            this(messageId, delta, channel, fence, List.of());
        }

        /** A piece of a reply streamed in one process. */
        public AssistantDelta(String messageId, String delta, Channel channel) {
            this(messageId, delta, channel, 0);
        }

        /** A piece of the builder's reply, streamed in one process. */
        public AssistantDelta(String messageId, String delta) {
            this(messageId, delta, Channel.BUILDER);
        }
    }

    /**
     * A knowledge file of the thread's agent changed its status: indexed ({@link FileStatus#READY}) or failed. Live
     * only; a member joining later finds the status in the draft of its snapshot.
     */
    record FileStatusChanged(AgentFile file) implements ThreadEvent {
        public FileStatusChanged {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A turn ended without a reply. {@code message} is written for the user and holds no internals.
     *
     * @param replyTo         the id of the user message that went unanswered
     * @param clientMessageId that message's clientMessageId, or null
     */
    record TurnFailed(String replyTo, String clientMessageId, ErrorCode code, String message) implements ThreadEvent {
        public TurnFailed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
