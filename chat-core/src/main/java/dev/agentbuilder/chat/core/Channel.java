package dev.agentbuilder.chat.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which conversation of a thread a message belongs to. Each has its own chat memory: the builder never sees the
 * preview, and the agent in preview never sees the builder's conversation.
 */
public enum Channel {
    /** The conversation with the agent builder, which changes the draft. */
    BUILDER("builder"),
    /** The conversation with the agent being built, as it would answer with the draft as it is: it changes nothing. */
    PREVIEW("preview");

    private final String id;

    Channel(String id) {
        this.id = id;
    }

    /** The wire name, for example {@code preview}. */
    public String id() {
        return id;
    }

    public static Optional<Channel> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
