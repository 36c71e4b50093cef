package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.Endpoint;
import dev.agentbuilder.chat.client.internal.Settings;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.TokenMask;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The settings every client of this package connects with, whatever it does on the connection: the server, the user,
 * tokens, and how it reconnects. {@link ChatClientBuilder} and {@link ThreadListClientBuilder} are the public faces;
 * this class only keeps the two from saying it twice. Not thread-safe.
 *
 * @param <B> the builder itself, so that the calls chain
 */
abstract class ConnectionBuilder<B extends ConnectionBuilder<B>> {

    private URI url;
    private String userId;
    private Supplier<String> tokens;
    private Backoff backoff = Backoff.RECONNECT;
    private Duration connectTimeout = ChatClient.DEFAULT_CONNECT_TIMEOUT;
    private Duration readyTimeout = ChatClient.DEFAULT_READY_TIMEOUT;
    private Duration pingInterval = ChatClient.DEFAULT_PING_INTERVAL;
    private Duration pongTimeout = ChatClient.DEFAULT_PONG_TIMEOUT;
    private RandomGenerator random;
    private boolean reconnect = true;

    ConnectionBuilder() {
    }

    abstract B self();

    /**
     * The server: {@code ws://} or {@code wss://}, with a host; its path and query parameters are kept, and the
     * protocol's parameters added.
     *
     * @throws IllegalArgumentException when it is not such a URL (the message masks any {@code token} in it)
     */
    public B url(String url) {
        Objects.requireNonNull(url, "url");
        try {
            return url(new URI(url));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + TokenMask.url(url) + ": " + e.getReason());
        }
    }

    /** As {@link #url(String)}. */
    public B url(URI url) {
        this.url = Objects.requireNonNull(url, "url");
        return self();
    }

    /** Who the client is: 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}. */
    public B userId(String userId) {
        this.userId = userId;
        return self();
    }

    /**
     * One token for every attempt, sent as {@code Authorization: Bearer <token>}; null or empty for none. A
     * token expires: prefer {@link #tokens(Supplier)} for a client that lives long.
     *
     * @throws IllegalArgumentException when it is not a bearer token (the message does not show it)
     */
    public B token(String token) {
        if (token != null && !token.isEmpty() && !Endpoint.isBearerToken(token)) {
            throw new IllegalArgumentException("the token must be a bearer token (A-Z a-z 0-9 - . _ ~ + / and a "
                    + "trailing =); not shown");
        }
        String fixed = token == null || token.isEmpty() ? null : token;
        this.tokens = fixed == null ? null : () -> fixed;
        return self();
    }

    /**
     * Where tokens come from: asked on the client's thread before every connection attempt, and again after the
     * server refuses one (4401): a different token is tried, the same one (or null) stops the client with
     * {@code ERROR}. Null (the default) for no token. It may block briefly; the client waits for it.
     */
    public B tokens(Supplier<String> tokens) {
        this.tokens = tokens;
        return self();
    }

    /** The waits between attempts (default {@link Backoff#RECONNECT}: 0.5 s doubling up to 10 s, jittered). */
    public B backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return self();
    }

    /** How long opening a socket may take (default 10 s). */
    public B connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return self();
    }

    /**
     * How long an attempt may take, from its start, until the connection joined: its {@code ready} for a thread, the
     * answer to its first {@code ping} for a user connection. Then it is dropped (default 10 s).
     */
    public B readyTimeout(Duration readyTimeout) {
        this.readyTimeout = readyTimeout;
        return self();
    }

    /** How often a joined connection sends {@code ping} (default 25 s); zero for never. */
    public B pingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
        return self();
    }

    /** How long after a ping a connection may stay silent before it is dropped (default 10 s). */
    public B pongTimeout(Duration pongTimeout) {
        this.pongTimeout = pongTimeout;
        return self();
    }

    /** The draws of the backoff's jitter (default: a new {@link Random}); tests give a fixed one. */
    public B random(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
        return self();
    }

    /**
     * Whether to reconnect at all (default true). Without, the first close or failure stops the client, as a
     * one-shot command wants.
     */
    public B reconnect(boolean reconnect) {
        this.reconnect = reconnect;
        return self();
    }

    /**
     * The connection settings, checked, for a connection of {@code threadId} (null: a user connection).
     *
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    Settings settings(String threadId) {
        requireUrl();
        Endpoint endpoint = threadId == null ? Endpoint.user(url, userId) : new Endpoint(url, threadId, userId);
        return new Settings(endpoint, tokens, backoff, connectTimeout, readyTimeout, pingInterval, pongTimeout,
                random == null ? new Random() : random, reconnect);
    }

    /** @throws IllegalArgumentException when no URL was given: the first thing a build checks */
    void requireUrl() {
        if (url == null) {
            throw new IllegalArgumentException("a url is required");
        }
    }
}
