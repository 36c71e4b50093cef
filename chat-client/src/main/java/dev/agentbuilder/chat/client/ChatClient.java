package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.ThreadSession;
import dev.agentbuilder.chat.client.internal.ThreadSettings;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
 * refusals retrying cannot fix (4400, 4401 without a new token, 4403) and when the thread is deleted (4410: the
 * same threadId would start a new, empty thread; {@link ConnectionStatus#threadDeleted()} says so); pings a joined
 * connection and drops one that stops answering; keeps every request in an outbox until the server acks it and resends it, with the same
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

    private final ThreadSession session;

    ChatClient(ThreadSettings settings) {
        this.session = new ThreadSession(settings);
    }

    /** A builder with every default set; the URL, the thread and the user are for the caller to give. */
    public static ChatClientBuilder builder() {
        return new ChatClientBuilder();
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
        return message(content, checkId(clientMessageId), null);
    }

    /**
     * Sends a message to the agent being built (the preview): it answers as itself, on the {@code preview} channel.
     * As {@link #send(String)} otherwise; does not block.
     */
    public String preview(String content) {
        return message(content, newId(), ClientFrame.UserMessage.PREVIEW);
    }

    /**
     * {@link #preview(String)} with a clientMessageId the app chose, as {@link #send(String, String)} has. Does not
     * block.
     *
     * @param clientMessageId 1 to 128 characters
     * @throws IllegalArgumentException when {@code content} is blank or {@code clientMessageId} breaks its rule
     */
    public String preview(String content, String clientMessageId) {
        return message(content, checkId(clientMessageId), ClientFrame.UserMessage.PREVIEW);
    }

    private static String checkId(String clientMessageId) {
        if (clientMessageId == null || clientMessageId.isEmpty() || clientMessageId.length() > 128) {
            throw new IllegalArgumentException("a clientMessageId must be 1 to 128 characters: " + clientMessageId);
        }
        return clientMessageId;
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
     * The user's tokens today against the server's daily token budget ({@code --tokens-per-user-per-day}), as the
     * latest {@code ready} said, with the replies of this thread stored since added, or as the server's latest
     * {@code quota_exceeded} refusal said (see {@link ChatClientListener#onQuota}); null when the server has no budget,
     * and before the first join. Does not block.
     */
    public TokenQuota quota() {
        return session.quota();
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
}
