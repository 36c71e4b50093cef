package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.ListSession;
import dev.agentbuilder.chat.client.internal.ListSettings;
import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.util.concurrent.CompletableFuture;

/**
 * A user's list of threads on a chat server (protocol v1, "A user's threads"): list them newest first (searched,
 * paged), rename and delete them, and follow changes live, over a user connection (no thread joined) that survives
 * being lost. Build one with {@link #builder()}, {@link #connect()}, then ask.
 *
 * <pre>{@code
 * try (ThreadListClient threads = ThreadListClient.builder()
 *         .url("ws://localhost:3004").userId("alice")
 *         .listener(new ThreadListListener() {
 *             public void onChange(ServerFrame.ThreadChanged change) {
 *                 System.out.println(change.change() + " " + change.threadId());
 *             }
 *         })
 *         .build()) {
 *     threads.connect();
 *     ServerFrame.Threads page = threads.list("trip", null, 20).get(10, TimeUnit.SECONDS);
 *     threads.rename(page.threads().get(0).threadId(), "Trips with Mum").get(10, TimeUnit.SECONDS);
 * }
 * }</pre>
 *
 * <p>What it does for you: the connection is a {@link ChatClient}'s (its statuses, backoff, tokens asked before every
 * attempt, heartbeat, refusals that stop it); requests wait until connected and are sent again, in order, on the next
 * connection when one drops before their answer (all three are safe to repeat); a first page asked for starts
 * following the list with its search (unless built with {@code watch(false)}), and after a reconnect the client asks
 * for that page again and hands it to {@link ThreadListListener#onRelisted}, since changes made meanwhile were not sent.
 *
 * <p>Threading: every method may be called from any thread, and none blocks except {@link #close()}. Listener calls
 * and the completion of the futures happen on the client's own thread ({@code chat-client-N}), one at a time and in
 * order; do not block there. After {@link #close()}, the methods that ask or connect throw
 * {@link IllegalStateException}.
 *
 * <p>Errors: a programming error (a threadId that breaks the id rule, a limit out of range, a null title) throws
 * {@link IllegalArgumentException} at once, naming the value. The server's refusals fail the request's future with a
 * {@link RequestFailedException} carrying the protocol's code ({@code not_found} for a rename of a thread the user has
 * not, {@code invalid_message} for a bad title, query or cursor, {@code forbidden} for a token limited to some
 * threads); a request still waiting when the client stops fails with {@link RequestFailedException#STOPPED}, and one
 * asked while it is stopped fails at once the same way.
 */
public final class ThreadListClient implements AutoCloseable {

    /** The page size the server uses when none is asked for. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page the server gives. */
    public static final int MAX_LIMIT = 100;

    private final ListSession session;

    ThreadListClient(ListSettings settings) {
        this.session = new ListSession(settings);
    }

    /** A builder with every default set; the URL and the user are for the caller to give. */
    public static ThreadListClientBuilder builder() {
        return new ThreadListClientBuilder();
    }

    /**
     * Starts connecting; does not block. Does nothing while the client runs or is stopping; after it stopped, starts
     * again, with the requests that were asked since.
     */
    public void connect() {
        session.connect();
    }

    /**
     * A page of the user's threads, newest {@code updatedAt} first ({@code list_threads}); does not block. Without a
     * cursor it is the first page, which (unless the client was built with {@code watch(false)}) also starts following
     * the list with this search, replacing what was followed before: changes then arrive at
     * {@link ThreadListListener#onChange}.
     *
     * @param query  a search text, matched case-insensitively against the title and the agent's name (the server
     *               takes at most 120 characters); null or blank for all
     * @param cursor the {@code nextCursor} of the previous page, asked with the same query; null for the first page
     * @param limit  1 to {@value #MAX_LIMIT}
     * @return completed, on the client's thread, by the server's {@code threads} frame: {@code nextCursor} is null on
     *         the last page; failed with a {@link RequestFailedException}
     * @throws IllegalArgumentException when {@code limit} is out of range
     */
    public CompletableFuture<ServerFrame.Threads> list(String query, String cursor, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        return session.list(query, cursor, limit);
    }

    /**
     * Gives one of the user's threads a title ({@code rename_thread}); does not block. The server takes 1 to 120
     * characters, not blank, without control characters or line breaks, and refuses others with
     * {@code invalid_message}.
     *
     * @return completed, on the client's thread, with the thread as it is now; failed with a
     *         {@link RequestFailedException}: {@code not_found} when the user has no such thread
     * @throws IllegalArgumentException when {@code threadId} breaks the id rule or {@code title} is null
     */
    public CompletableFuture<WireThread> rename(String threadId, String title) {
        Identifiers.require("threadId", threadId);
        if (title == null) {
            throw new IllegalArgumentException("a title must not be null");
        }
        return session.rename(threadId, title);
    }

    /**
     * Deletes one of the user's threads and everything of it ({@code delete_thread}); does not block. Its connections
     * are closed with 4410. Idempotent: a thread that is gone already, or was never there, is answered the same.
     *
     * @return completed, on the client's thread, once the server says it is deleted; failed with a
     *         {@link RequestFailedException}
     * @throws IllegalArgumentException when {@code threadId} breaks the id rule
     */
    public CompletableFuture<Void> delete(String threadId) {
        Identifiers.require("threadId", threadId);
        return session.delete(threadId);
    }

    /** The connection's status now (the last one reported to the listeners); does not block. */
    public ConnectionStatus status() {
        return session.status();
    }

    /**
     * Completes, on the client's thread, when this run of the client ends: refused for good, stopped by the app, or
     * (without reconnecting) its connection ended. Its value is the last status. Does not block.
     */
    public CompletableFuture<ConnectionStatus> whenStopped() {
        return session.whenStopped();
    }

    /**
     * Closes the connection normally (1000) and reconnects no more; does not block. Requests still waiting fail.
     *
     * @return {@link #whenStopped()}
     */
    public CompletableFuture<ConnectionStatus> stop() {
        return session.stop();
    }

    /**
     * Stops, waits for the server to answer the close (at most about 3 seconds; not when called from a listener), and
     * ends the client's thread. Calling it again does nothing.
     */
    @Override
    public void close() {
        session.close();
    }
}
