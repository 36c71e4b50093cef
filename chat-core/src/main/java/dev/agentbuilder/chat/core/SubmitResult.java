package dev.agentbuilder.chat.core;

import java.util.Objects;

/** The answer to a {@link ThreadMember}'s request, delivered to that member only. */
public sealed interface SubmitResult {

    /** The client's idempotency key, or null when the request carried none. */
    String clientMessageId();

    /**
     * The message or draft change is stored (or, with {@code duplicate}, was stored before under the same
     * clientMessageId: nothing new was stored or run, and {@code messageId} and {@code seq} are the original's).
     *
     * @param messageId the stored message's id; null for a change to the draft
     */
    record Accepted(String clientMessageId, String messageId, long seq, boolean duplicate) implements SubmitResult {
        public Accepted {
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

    /**
     * A change to the draft was made on a version that is no longer the current one, {@code currentVersion}: nothing
     * was stored. The member has the current draft from the thread's events.
     */
    record VersionConflict(String clientMessageId, long currentVersion) implements SubmitResult {

        /** What to tell a person. */
        public String message() {
            return "The agent was changed meanwhile: it is now at version " + currentVersion
                    + ". Review your change and apply it again.";
        }
    }

    /**
     * The user's tokens for the day are spent ({@link ErrorCode#QUOTA_EXCEEDED}): the message was not stored and no
     * model was called. {@code quota} says how many were used and when they renew.
     */
    record QuotaExceeded(String clientMessageId, TokenQuota quota) implements SubmitResult {
        public QuotaExceeded {
            Objects.requireNonNull(quota, "quota");
        }

        /** What to tell a person. */
        public String message() {
            return "You have used your " + quota.limit() + " tokens for today. Your budget renews at "
                    + quota.renewsAt() + " (midnight UTC).";
        }
    }

    /** The draft as {@link ThreadMember#exportAgent} asked for it. */
    record Exported(AgentExport.Format format, String content, long version) implements SubmitResult {
        public Exported {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(content, "content");
        }

        /** An export carries no idempotency key. */
        @Override
        public String clientMessageId() {
            return null;
        }
    }
}
