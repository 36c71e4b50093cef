package dev.agentbuilder.chat.server.internal.auth;

import java.util.Objects;

/** What {@link Authenticator#verify} decided about a token. */
public sealed interface Verdict {

    /**
     * Null when this verdict lets its token open {@code threadId} as {@code userId}: accepted, for that user (or a
     * service token), and for that thread; otherwise why not, in words for people.
     */
    default String refusalToOpen(String userId, String threadId) {
        // threadId is null for a user connection.
        if (this instanceof Refused refused) {
            return refused.reason();
        }
        Principal principal = ((Accepted) this).principal();
        if (!principal.mayActFor(userId)) {
            return "The token was issued for another user.";
        }
        if (threadId == null) {
            // A user connection opens no thread: a token limited to some threads may connect, but not list.
            return null;
        }
        return principal.mayOpen(threadId) ? null : "The token does not open thread " + threadId + ".";
    }

    /** The token is valid: it speaks for {@code principal}. What that principal may do is the caller's to check. */
    /** Whether the verdict lets its holder list, rename and delete threads: not a token limited to some threads. */
    default boolean opensTheUsersList() {
        return this instanceof Accepted accepted && accepted.principal().threads().isEmpty();
    }

    record Accepted(Principal principal) implements Verdict {
        public Accepted {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The token is refused.
     *
     * @param reason why, in words for people (sent to the client); it never contains the token
     */
    record Refused(String reason) implements Verdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
