package dev.agentbuilder.chat.core;

import java.util.Objects;

/** The answer to {@link ThreadMember#submit}, delivered to the submitting member only. */
public sealed interface SubmitResult {

    /** The client's idempotency key, or null when the message carried none. */
    String clientMessageId();

    /**
     * The message is stored (or, with {@code duplicate}, was stored before under the same clientMessageId: nothing
     * new was stored or run, and {@code messageId} and {@code seq} are the original's).
     */
    record Accepted(String clientMessageId, String messageId, long seq, boolean duplicate) implements SubmitResult {
        public Accepted {
            Objects.requireNonNull(messageId, "messageId");
            StoredEvent.requirePositive(seq);
        }
    }

    /** Nothing was stored. */
    record Rejected(String clientMessageId, ErrorCode code, String message) implements SubmitResult {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
