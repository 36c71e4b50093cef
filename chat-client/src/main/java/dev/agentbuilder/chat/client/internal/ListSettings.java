package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ThreadListListener;
import java.util.List;
import java.util.Objects;

/**
 * Everything a user's list client was built with, checked. Immutable.
 *
 * @param watch whether a first page asked for starts following the list ({@code thread_changed})
 */
public record ListSettings(Settings connection, boolean watch, List<ThreadListListener> listeners) {

    public ListSettings {
        Objects.requireNonNull(connection, "connection");
        if (connection.endpoint().threadId() != null) {
            throw new IllegalArgumentException("a list client's connection is a user connection, without a thread");
        }
        listeners = List.copyOf(listeners);
    }
}
