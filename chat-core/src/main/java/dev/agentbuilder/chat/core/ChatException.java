package dev.agentbuilder.chat.core;

/**
 * The root of chat-core's exceptions. {@link #retriable()} tells whether trying again later can help (a store that
 * is briefly unavailable) or not (a configuration that cannot work).
 */
public class ChatException extends RuntimeException {

    private final boolean retriable;

    public ChatException(String message, boolean retriable) {
        this(message, null, retriable);
    }

    public ChatException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
