package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.ListSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link ThreadListClient}: the URL and the user are required; the connection's settings (tokens,
 * backoff, timeouts, heartbeat, reconnecting) are those of {@link ChatClientBuilder}, with the same defaults. Not
 * thread-safe; {@link #build()} checks everything and the client it builds keeps its own copy.
 */
public final class ThreadListClientBuilder extends ConnectionBuilder<ThreadListClientBuilder> {

    private boolean watch = true;
    private final List<ThreadListListener> listeners = new ArrayList<>();

    ThreadListClientBuilder() {
    }

    @Override
    ThreadListClientBuilder self() {
        return this;
    }

    /**
     * Whether a first page asked for ({@link ThreadListClient#list} without a cursor) starts following the list, with
     * its search: changes arrive at {@link ThreadListListener#onChange} (default true, as the protocol's). False for a
     * client that only reads a page and goes, as a command-line tool.
     */
    public ThreadListClientBuilder watch(boolean watch) {
        this.watch = watch;
        return this;
    }

    /** Adds a listener; several are called in the order added. */
    public ThreadListClientBuilder listener(ThreadListListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * A client with these settings, not connected yet (see {@link ThreadListClient#connect()}).
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public ThreadListClient build() {
        return new ThreadListClient(new ListSettings(settings(null), watch, listeners));
    }
}
