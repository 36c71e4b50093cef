package dev.agentbuilder.chat.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A capability the agent being built can have switched on. */
public enum Capability {
    WEB_SEARCH("web_search"),
    CODE_INTERPRETER("code_interpreter"),
    IMAGE_GENERATION("image_generation"),
    FILE_SEARCH("file_search");

    private final String id;

    Capability(String id) {
        this.id = id;
    }

    /** The wire and tool name, for example {@code web_search}. */
    public String id() {
        return id;
    }

    /** Finds a capability by its id, ignoring case and accepting spaces or dashes for underscores. */
    public static Optional<Capability> fromId(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String normalized = text.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        return Arrays.stream(values()).filter(c -> c.id.equals(normalized)).findFirst();
    }

    /** All ids, comma separated, for error messages. */
    public static String allIds() {
        return Arrays.stream(values()).map(Capability::id).collect(Collectors.joining(", "));
    }
}
