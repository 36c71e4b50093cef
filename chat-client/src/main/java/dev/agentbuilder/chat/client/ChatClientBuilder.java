package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.ThreadSettings;
import dev.agentbuilder.chat.common.Identifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link ChatClient}: the URL, thread and user are required; the rest have the defaults every
 * client of this project shares (docs/protocol.md). The connection's settings (URL, user, tokens, backoff, timeouts,
 * heartbeat) are those of every client of this package, {@link ThreadListClientBuilder}'s too. Not thread-safe;
 * {@link #build()} checks everything and the client it builds keeps its own copy.
 */
public final class ChatClientBuilder extends ConnectionBuilder<ChatClientBuilder> {

    private String threadId;
    private long lastSeq;
    private int outboxLimit = ChatClient.DEFAULT_OUTBOX_LIMIT;
    private int maxMessageChars = ChatClient.DEFAULT_MAX_MESSAGE_CHARS;
    private final List<ChatClientListener> listeners = new ArrayList<>();

    ChatClientBuilder() {
    }

    @Override
    ChatClientBuilder self() {
        return this;
    }

    /** The thread to join: 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}. */
    public ChatClientBuilder threadId(String threadId) {
        this.threadId = threadId;
        return this;
    }

    /** Resume after this seq, as if the stored events up to it had been delivered (default 0: from the start). */
    public ChatClientBuilder lastSeq(long lastSeq) {
        this.lastSeq = lastSeq;
        return this;
    }

    /** How many requests may wait unacknowledged (default 100); one more is refused with {@code outbox_full}. */
    public ChatClientBuilder outboxLimit(int outboxLimit) {
        this.outboxLimit = outboxLimit;
        return this;
    }

    /**
     * The longest message sent, in characters (code points; default 8,000, the server's default), until a
     * {@code ready} says the server's ({@code limits.messageChars}, which then counts); a longer one is refused at
     * once with {@code message_too_long}.
     */
    public ChatClientBuilder maxMessageChars(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
        return this;
    }

    /** Adds a listener; several are called in the order added. */
    public ChatClientBuilder listener(ChatClientListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * A client with these settings, not connected yet (see {@link ChatClient#connect()}).
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public ChatClient build() {
        requireUrl();
        Identifiers.require("threadId", threadId);
        return new ChatClient(new ThreadSettings(settings(threadId), lastSeq, outboxLimit,
                maxMessageChars, listeners));
    }
}
