package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.Endpoint;
import dev.agentbuilder.chat.client.internal.ReconnectingSession;
import dev.agentbuilder.chat.client.internal.Settings;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.TokenMask;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A member of one chat thread on a chat server (protocol v1), that survives lost connections. Build one with
 * {@link #builder()}, give it a {@link ChatClientListener}, {@link #connect()}, then send; everything the server says
 * arrives at the listener.
 *
 * <pre>{@code
 * ChatClient client = ChatClient.builder()
 *         .url("ws://localhost:3004").threadId("trip").userId("alice")
 *         .listener(new ChatClientListener() {
 *             public void onFrame(ServerFrame frame) {
 *                 if (frame instanceof ServerFrame.AssistantDelta delta) {
 *                     System.out.print(delta.delta());
 *                 }
 *             }
 *         })
 *         .build();
 * client.connect();
 * client.send("I want an agent that helps me plan trips");
 * }</pre>
 *
 * <p>What it does for you: it reports the connection's {@link ConnectionStatus}; reconnects after a close or failure
 * with {@link Backoff#RECONNECT}, resuming after the last stored event it delivered, and delivers every stored event
 * once and in order; asks the token source before every attempt (and again after a 4401); stops for good on the
 * refusals retrying cannot fix (4400, 4401 without a new token, 4403); pings a joined connection and drops one that
 * stops answering; keeps every request in an outbox until the server acks it and resends it, with the same
 * clientMessageId, after every reconnect, so nothing is applied twice; and remembers a {@link #cancel()} across a
 * reconnect.
 *
 * <p>Threading: every method may be called from any thread, and none blocks except {@link #close()}. Listener calls
 * and the completion of the futures this class returns happen on the client's own thread ({@code chat-client-N}), one
 * at a time and in order; do not block there (use the futures' async variants to do slow work elsewhere). After
 * {@link #close()}, the methods that send or connect throw {@link IllegalStateException}.
 *
 * <p>Errors: a programming error (blank content, a negative version, an unknown export format) throws
 * {@link IllegalArgumentException} at once, naming the value. What can go wrong on the way arrives as values:
 * {@link ChatClientListener#onRefused}, {@link ChatClientListener#onUnanswered}, statuses, and failed futures.
 */
public final class ChatClient implements AutoCloseable {

    /** The server's default limit on a message's length, in characters (Unicode code points). */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 8_000;
    /** How many requests the outbox holds, unacknowledged, by default. */
    public static final int DEFAULT_OUTBOX_LIMIT = 100;
    /** How long opening a socket may take, by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long an attempt may take until {@code ready}, by default. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);
    /** How often a joined connection pings, by default. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    /** How long a connection may stay silent after a ping, by default. */
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

    private final ReconnectingSession session;

    private ChatClient(Settings settings) {
        this.session = new ReconnectingSession(settings);
    }

    /** A builder with every default set; the URL, the thread and the user are for the caller to give. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts connecting; does not block. Does nothing while the client runs (connecting, connected, or waiting to
     * retry) or is stopping; after the client stopped ({@link ConnectionStatus.State#ERROR}, or {@link #stop()}), it
     * starts again, resuming after {@link #lastSeq()}, with the outbox as it was.
     */
    public void connect() {
        session.connect();
    }

    /**
     * Sends a message to the builder; does not block. It is sent now if connected, else after the next join, and
     * resent after every reconnect until the server acks it.
     *
     * @param content the message: not blank
     * @return its clientMessageId, a fresh UUID: the {@code ack}, the stored {@code message} and any
     *         {@link ChatClientListener#onRefused refusal} name it
     * @throws IllegalArgumentException when {@code content} is null or blank
     */
    public String send(String content) {
        return message(content, newId(), null);
    }

    /**
     * {@link #send(String)} with a clientMessageId the app chose: sending a message again with the id it had (after
     * the app restarted, say) never stores or answers it twice; the server acks it as a duplicate. Does not block.
     *
     * @param clientMessageId 1 to 128 characters
     * @throws IllegalArgumentException when {@code content} is blank or {@code clientMessageId} breaks its rule
     */
    public String send(String content, String clientMessageId) {
        if (clientMessageId == null || clientMessageId.isEmpty() || clientMessageId.length() > 128) {
            throw new IllegalArgumentException("a clientMessageId must be 1 to 128 characters: " + clientMessageId);
        }
        return message(content, clientMessageId, null);
    }

    /**
     * Sends a message to the agent being built (the preview): it answers as itself, on the {@code preview} channel.
     * As {@link #send(String)} otherwise; does not block.
     */
    public String preview(String content) {
        return message(content, newId(), ClientFrame.UserMessage.PREVIEW);
    }

    private String message(String content, String clientMessageId, String mode) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("a message must not be blank: "
                    + (content == null ? "null" : "\"" + content + "\""));
        }
        session.submit(clientMessageId, new ClientFrame.UserMessage(content, clientMessageId, mode));
        return clientMessageId;
    }

    /**
     * Changes the draft by hand ({@code update_agent}), if it is still at {@code baseVersion}; does not block. Kept in
     * the outbox as messages are. The server refuses it ({@code version_conflict}, {@code busy}, ...) through
     * {@link ChatClientListener#onRefused}; applied, it arrives as an {@code agent_updated} frame.
     *
     * @return its clientMessageId
     * @throws IllegalArgumentException when {@code baseVersion} is negative or {@code changes} is null
     */
    public String updateAgent(long baseVersion, WireAgentChanges changes) {
        if (baseVersion < 0) {
            throw new IllegalArgumentException("baseVersion must be >= 0: " + baseVersion);
        }
        if (changes == null) {
            throw new IllegalArgumentException("changes must not be null");
        }
        String id = newId();
        session.submit(id, new ClientFrame.UpdateAgent(baseVersion, changes, id));
        return id;
    }

    /**
     * Makes the draft what it was at {@code version}, as a new version ({@code revert_agent}); does not block. As
     * {@link #updateAgent} otherwise.
     *
     * @return its clientMessageId
     * @throws IllegalArgumentException when {@code version} is negative
     */
    public String revertAgent(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
        String id = newId();
        session.submit(id, new ClientFrame.RevertAgent(version, id));
        return id;
    }

    /**
     * Asks the server for the current draft rendered in {@code format} ({@code export_agent}); does not block.
     *
     * @param format {@code json}, {@code openai} or {@code markdown}
     * @return completed, on the client's thread, by the next {@code agent_export} of the current connection; failed
     *         with an {@link IllegalStateException} at once when not connected, or when the connection drops before
     *         the answer
     * @throws IllegalArgumentException when {@code format} is not one of the three
     */
    public CompletableFuture<ServerFrame.AgentExport> exportAgent(String format) {
        if (!ProtocolCodec.EXPORT_FORMATS.contains(format)) {
            throw new IllegalArgumentException("the export format must be one of "
                    + String.join(", ", ProtocolCodec.EXPORT_FORMATS) + ": " + format);
        }
        return session.export(format);
    }

    /**
     * Stops the running turn; does not block. The client remembers the turn it meant (the oldest message without a
     * reply): if the connection drops first, or the client is not connected now, {@code cancel} is sent again once
     * connected and caught up, if the thread is still thinking on that turn. Nothing happens when the thread is idle.
     */
    public void cancel() {
        session.cancel();
    }

    /** The connection's status now (the last one reported to the listeners); does not block. */
    public ConnectionStatus status() {
        return session.status();
    }

    /**
     * The highest seq of a stored event delivered to the listeners: where the next connection resumes. Does not
     * block.
     */
    public long lastSeq() {
        return session.lastSeq();
    }

    /**
     * Completes, on the client's thread, once every request made so far is acked (or refused) and every message
     * answered (or refused, or reported unanswered); at once when nothing is pending. Fails when the client is
     * closed first. Does not block.
     */
    public CompletableFuture<Void> whenSettled() {
        return session.whenSettled();
    }

    /**
     * Completes, on the client's thread, when this run of the client ends: refused for good, stopped by the app, or
     * (without reconnecting) its connection ended. Its value is the last status. A {@link #connect()} after that
     * starts a new run, with a new future. Does not block.
     */
    public CompletableFuture<ConnectionStatus> whenStopped() {
        return session.whenStopped();
    }

    /**
     * Closes the connection normally (1000) and reconnects no more; does not block. The outbox is kept: a later
     * {@link #connect()} sends what is in it.
     *
     * @return {@link #whenStopped()}
     */
    public CompletableFuture<ConnectionStatus> stop() {
        return session.stop();
    }

    /**
     * Stops, waits for the server to answer the close (at most about 3 seconds; not when called from a listener), and
     * ends the client's thread. Futures still pending fail. Calling it again does nothing.
     */
    @Override
    public void close() {
        session.close();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The settings of a {@link ChatClient}: the URL, thread and user are required; the rest have the defaults every
     * client of this project shares (docs/protocol.md). Not thread-safe; {@link #build()} checks everything and the
     * client it builds keeps its own copy.
     */
    public static final class Builder {

        private URI url;
        private String threadId;
        private String userId;
        private Supplier<String> tokens;
        private long lastSeq;
        private Backoff backoff = Backoff.RECONNECT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;
        private int outboxLimit = DEFAULT_OUTBOX_LIMIT;
        private int maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;
        private RandomGenerator random;
        private boolean reconnect = true;
        private final List<ChatClientListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * The server: {@code ws://} or {@code wss://}, with a host; its path and query parameters are kept, and the
         * protocol's parameters added.
         *
         * @throws IllegalArgumentException when it is not such a URL (the message masks any {@code token} in it)
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return url(new URI(url));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + TokenMask.url(url) + ": " + e.getReason());
            }
        }

        /** As {@link #url(String)}. */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The thread to join: 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}. */
        public Builder threadId(String threadId) {
            this.threadId = threadId;
            return this;
        }

        /** Who the client is in the thread; the same rule as the threadId. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * One token for every attempt, sent as {@code Authorization: Bearer <token>}; null or empty for none. A
         * token expires: prefer {@link #tokens(Supplier)} for a client that lives long.
         *
         * @throws IllegalArgumentException when it is not a bearer token (the message does not show it)
         */
        public Builder token(String token) {
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
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** Resume after this seq, as if the stored events up to it had been delivered (default 0: from the start). */
        public Builder lastSeq(long lastSeq) {
            this.lastSeq = lastSeq;
            return this;
        }

        /** The waits between attempts (default {@link Backoff#RECONNECT}: 0.5 s doubling up to 10 s, jittered). */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** How long opening a socket may take (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long an attempt may take, from its start, until {@code ready}; then it is dropped (default 10 s). */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** How often a joined connection sends {@code ping} (default 25 s); zero for never. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /**
         * How long after a ping a connection may stay silent before it is dropped (default 10 s); also how long after
         * a join that found the thread idle a turn may take to start before a message left from before the join is
         * {@link ChatClientListener#onUnanswered reported unanswered}.
         */
        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        /** How many requests may wait unacknowledged (default 100); one more is refused with {@code outbox_full}. */
        public Builder outboxLimit(int outboxLimit) {
            this.outboxLimit = outboxLimit;
            return this;
        }

        /**
         * The longest message sent, in characters (code points; default 8,000, the server's default); a longer one
         * is refused at once with {@code message_too_long}.
         */
        public Builder maxMessageChars(int maxMessageChars) {
            this.maxMessageChars = maxMessageChars;
            return this;
        }

        /** The draws of the backoff's jitter (default: a new {@link Random}); tests give a fixed one. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Whether to reconnect at all (default true). Without, the first close or failure stops the client, as a
         * one-shot command wants.
         */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Adds a listener; several are called in the order added. */
        public Builder listener(ChatClientListener listener) {
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
}
