package dev.agentbuilder.chat.core;

/** Who wrote a {@link ThreadMessage}. */
public enum Role {
    USER,
    ASSISTANT
}
