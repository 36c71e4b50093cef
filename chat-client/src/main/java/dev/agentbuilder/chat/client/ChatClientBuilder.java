package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.Endpoint;
import dev.agentbuilder.chat.client.internal.Settings;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The settings of a {@link ChatClient}: the URL, thread and user are required; the rest have the defaults every
 * client of this project shares (docs/protocol.md). Not thread-safe; {@link #build()} checks everything and the
 * client it builds keeps its own copy.
 */
public final class ChatClientBuilder {

    private URI url;
    private String threadId;
    private String userId;
    private Supplier<String> tokens;
    private long lastSeq;
    private Backoff backoff = Backoff.RECONNECT;
    private Duration connectTimeout = ChatClient.DEFAULT_CONNECT_TIMEOUT;
    private Duration readyTimeout = ChatClient.DEFAULT_READY_TIMEOUT;
    private Duration pingInterval = ChatClient.DEFAULT_PING_INTERVAL;
    private Duration pongTimeout = ChatClient.DEFAULT_PONG_TIMEOUT;
    private int outboxLimit = ChatClient.DEFAULT_OUTBOX_LIMIT;
    private int maxMessageChars = ChatClient.DEFAULT_MAX_MESSAGE_CHARS;
    private RandomGenerator random;
    private boolean reconnect = true;
    private final List<ChatClientListener> listeners = new ArrayList<>();

    ChatClientBuilder() {
    }

    /**
     * The server: {@code ws://} or {@code wss://}, with a host; its path and query parameters are kept, and the
     * protocol's parameters added.
     *
     * @throws IllegalArgumentException when it is not such a URL (the message masks any {@code token} in it)
     */
    public ChatClientBuilder url(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return url(new URI(url));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + TokenMask.url(url) + ": " + e.getReason());
        }
    }

    /** As {@link #url(String)}. */
    public ChatClientBuilder url(URI url) {
        this.url = Objects.requireNonNull(url, "url");
        return this;
    }

    /** The thread to join: 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}. */
    public ChatClientBuilder threadId(String threadId) {
        this.threadId = threadId;
        return this;
    }

    /** Who the client is in the thread; the same rule as the threadId. */
    public ChatClientBuilder userId(String userId) {
        this.userId = userId;
        return this;
    }

    /**
     * One token for every attempt, sent as {@code Authorization: Bearer <token>}; null or empty for none. A
     * token expires: prefer {@link #tokens(Supplier)} for a client that lives long.
     *
     * @throws IllegalArgumentException when it is not a bearer token (the message does not show it)
     */
    public ChatClientBuilder token(String token) {
        if (token != null && !token.isEmpty() && !Endpoint.isBearerToken(token)) {
            throw new IllegalArgumentException("the token must be a bearer token (A-Z a-z 0-9 - . _ ~ + / and a "
                    + "trailing =); not shown");
        }
        String fixed = token == null || token.isEmpty() ? null : token;
        this.tokens = fixed == null ? null : () -> fixed;
        return this;
    }

    /**
     * Where tokens come from: asked on the client's thread before every connection attempt, and again after the
     * server refuses one (4401): a different token is tried, the same one (or null) stops the client with
     * {@code ERROR}. Null (the default) for no token. It may block briefly; the client waits for it.
     */
    public ChatClientBuilder tokens(Supplier<String> tokens) {
        this.tokens = tokens;
        return this;
    }

    /** Resume after this seq, as if the stored events up to it had been delivered (default 0: from the start). */
    public ChatClientBuilder lastSeq(long lastSeq) {
        this.lastSeq = lastSeq;
        return this;
    }

    /** The waits between attempts (default {@link Backoff#RECONNECT}: 0.5 s doubling up to 10 s, jittered). */
    public ChatClientBuilder backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /** How long opening a socket may take (default 10 s). */
    public ChatClientBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /** How long an attempt may take, from its start, until {@code ready}; then it is dropped (default 10 s). */
    public ChatClientBuilder readyTimeout(Duration readyTimeout) {
        this.readyTimeout = readyTimeout;
        return this;
    }

    /** How often a joined connection sends {@code ping} (default 25 s); zero for never. */
    public ChatClientBuilder pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return this;
    }

    /**
     * How long after a ping a connection may stay silent before it is dropped (default 10 s).
     */
    public ChatClientBuilder pongTimeout(Duration pongTimeout) {
        this.pongTimeout = pongTimeout;
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

    /** The draws of the backoff's jitter (default: a new {@link Random}); tests give a fixed one. */
    public ChatClientBuilder random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /**
     * Whether to reconnect at all (default true). Without, the first close or failure stops the client, as a
     * one-shot command wants.
     */
    public ChatClientBuilder reconnect(boolean reconnect) {
        this.reconnect = reconnect;
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
        if (url == null) {
            throw new IllegalArgumentException("a url is required");
        }
        Endpoint endpoint = new Endpoint(url, threadId, userId);
        return new ChatClient(new Settings(endpoint, tokens, lastSeq, backoff, connectTimeout, readyTimeout,
                pingInterval, pongTimeout, outboxLimit, maxMessageChars, random == null ? new Random() : random,
                reconnect, listeners));
    }
}
