package dev.agentbuilder.chat.protocol;

/** A frame the chat server sends to a client (protocol v1). See docs/protocol.md. */
public sealed interface ServerFrame {

    /** The frame's {@code type} on the wire. */
    String type();

    /** {@code ready}: the first frame after a join. {@code status} is "idle" or "thinking". */
    record Ready(
            String threadId,
            String userId,
            String connectionId,
            long lastSeq,
            WireAgent agent,
            String status,
            boolean reset) implements ServerFrame {
        @Override
        public String type() {
            return "ready";
        }
    }

    /** {@code message}: a stored user or assistant message. */
    record Message(long seq, WireMessage message) implements ServerFrame {
        @Override
        public String type() {
            return "message";
        }
    }

    /** {@code agent_updated}: the stored draft changed. */
    record AgentUpdated(long seq, WireAgent agent) implements ServerFrame {
        @Override
        public String type() {
            return "agent_updated";
        }
    }

    /** {@code ack}: the sender's user message is stored (or was, with {@code duplicate}). */
    record Ack(String clientMessageId, String messageId, long seq, boolean duplicate) implements ServerFrame {
        @Override
        public String type() {
            return "ack";
        }
    }

    /** {@code status}: "thinking" while the builder works, "idle" after. */
    record Status(String state) implements ServerFrame {
        @Override
        public String type() {
            return "status";
        }
    }

    /** {@code assistant_delta}: the next piece of the reply with id {@code messageId}. */
    record AssistantDelta(String messageId, String delta) implements ServerFrame {
        @Override
        public String type() {
            return "assistant_delta";
        }
    }

    /** {@code error}: see {@link ErrorCodes}; {@code clientMessageId} when it concerns a user message, else null. */
    record ErrorFrame(String code, String message, String clientMessageId) implements ServerFrame {
        @Override
        public String type() {
            return "error";
        }
    }

    /** {@code pong}: the answer to {@code ping}. */
    record Pong() implements ServerFrame {
        @Override
        public String type() {
            return "pong";
        }
    }
}
