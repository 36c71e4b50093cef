package dev.agentbuilder.chat.core;

import java.util.Arrays;
import java.util.Optional;

/** Who made a change to the agent draft, as {@link ThreadEvent.AgentUpdated} records it. */
public enum DraftSource {
    /** The builder's model, through its tools. */
    BUILDER("builder"),
    /** The user, editing the draft by hand. */
    USER("user"),
    /** The user, going back to an earlier version. */
    REVERT("revert");

    private final String id;

    DraftSource(String id) {
        this.id = id;
    }

    /** The wire name, for example {@code user}. */
    public String id() {
        return id;
    }

    public static Optional<DraftSource> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
