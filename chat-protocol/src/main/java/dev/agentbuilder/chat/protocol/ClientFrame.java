package dev.agentbuilder.chat.protocol;

/** A frame a client sends to the chat server (protocol v1). See docs/protocol.md. */
public sealed interface ClientFrame {

    /** The frame's {@code type} on the wire. */
    String type();

    /** {@code user_message}: a message for the thread; {@code clientMessageId} is the idempotency key, or null. */
    record UserMessage(String content, String clientMessageId) implements ClientFrame {
        @Override
        public String type() {
            return "user_message";
        }
    }

    /** {@code cancel}: stop the running turn. */
    record Cancel() implements ClientFrame {
        @Override
        public String type() {
            return "cancel";
        }
    }

    /** {@code ping}: the server answers {@code pong}. */
    record Ping() implements ClientFrame {
        @Override
        public String type() {
            return "ping";
        }
    }
}
