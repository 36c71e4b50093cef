package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.common.Identifiers;
import java.util.Objects;

/**
 * A thread's listing changed: it was created, renamed, deleted, or an event was stored in it. Carries no metadata:
 * whoever shows the listing reads the thread's {@link ThreadInfo} again, from the store, which is the truth. Both ids
 * follow {@link Identifiers}' rule, so every bus can carry them. Immutable.
 *
 * @param kind     what happened
 * @param threadId the thread
 * @param userId   the thread's owner, whose listing changed
 */
public record ThreadChange(Kind kind, String threadId, String userId) {

    public ThreadChange {
        Objects.requireNonNull(kind, "kind");
        Identifiers.require("threadId", threadId);
        Identifiers.require("userId", userId);
    }

    /** What happened to the thread. */
    public enum Kind {
        CREATED, UPDATED, RENAMED, DELETED;

        /** The name on the wire and on buses: {@code created}, {@code updated}, {@code renamed}, {@code deleted}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The kind of an {@link #id()}, or null for anything else. */
        public static Kind of(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id)) {
                    return kind;
                }
            }
            return null;
        }
    }
}
