package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.RequestFailedException;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user connection's traffic: the requests on the user's list of threads ({@code list_threads},
 * {@code rename_thread}, {@code delete_thread}), their answers, and the watch's changes. A user connection has no
 * {@code ready}: it joins when the server answers its first {@code ping}. A connection the server refuses never gets
 * that answer (the refusal's {@code error} and close come instead), so a refusal stops the client before it ever
 * says {@code CONNECTED}, as for a thread, and the backoff's count is not started over by an open socket alone.
 *
 * <p>Requests wait, in the order asked, until answered: they go out once joined, and again on the next connection when
 * one drops first (all three are safe to repeat: listing reads, and renaming to the same title and deleting are
 * idempotent). They fail when the server refuses them, or when the run ends. Renames and deletes carry a
 * clientMessageId, which their answer and their error name; a list has none, so its answer is matched by the search
 * it echoes, and an error without an id goes to the oldest list sent (after the join the server sends nothing else
 * without one, but the refusals a close follows).
 *
 * <p>Confined to the client's thread.
 */
final class ListTraffic implements Traffic {

    private static final Logger log = LoggerFactory.getLogger(ListTraffic.class);

    private static final String PING = ProtocolCodec.encode(new ClientFrame.Ping());

    /** Errors about the connection itself, which a close follows: no request's answer. */
    private static final Set<String> CONNECTION_ERRORS = Set.of(ErrorCodes.UNAUTHORIZED, ErrorCodes.INVALID_REQUEST,
            ErrorCodes.RATE_LIMITED);

    private enum Kind { LIST, RENAME, DELETE }

    /** A request waiting for its answer. */
    private static final class Request {
        final Kind kind;
        /** A rename's or delete's; null for a list. */
        final String clientMessageId;
        final String frame;
        /** A list's search as the server echoes it: stripped, null when blank. */
        final String query;
        final boolean firstPage;
        /** Asked by the client itself after a reconnect: its answer goes to the listeners. */
        final boolean relist;
        final Consumer<ServerFrame> answered;
        final CompletableFuture<?> future;
        /** Whether it went out on the current connection. */
        boolean sent;

        Request(Kind kind, String clientMessageId, ClientFrame frame, String query, boolean firstPage, boolean relist,
                Consumer<ServerFrame> answered, CompletableFuture<?> future) {
            this.kind = kind;
            this.clientMessageId = clientMessageId;
            this.frame = ProtocolCodec.encode(frame);
            this.query = query;
            this.firstPage = firstPage;
            this.relist = relist;
            this.answered = answered;
            this.future = future;
        }
    }

    private final ListListeners listeners;
    private final String userId;
    private final boolean watch;
    /** In the order asked. */
    private final List<Request> waiting = new ArrayList<>();
    /** The last first page asked for while watching: what a later connection asks again. Null before one. */
    private ClientFrame.ListThreads watched;
    /** Why the run ended, while it is over: requests fail at once until the app connects again. */
    private String stoppedBecause;
    private boolean joinedBefore;

    // ---- the current connection: reset by connecting()
    private Link link;
    private boolean pinged;
    private boolean joined;

    ListTraffic(ListListeners listeners, String userId, boolean watch) {
        this.listeners = listeners;
        this.userId = userId;
        this.watch = watch;
    }

    // ---- requests

    void list(String query, String cursor, Integer limit, CompletableFuture<ServerFrame.Threads> answer) {
        boolean firstPage = cursor == null;
        // The protocol's default is to watch; a client built not to says so on every first page.
        Boolean watching = firstPage && !watch ? Boolean.FALSE : null;
        ClientFrame.ListThreads frame = new ClientFrame.ListThreads(query, cursor, limit, watching);
        if (firstPage && watch) {
            watched = frame;
        }
        request(listRequest(frame, false, f -> answer.complete((ServerFrame.Threads) f), answer));
    }

    void rename(String threadId, String title, CompletableFuture<WireThread> answer) {
        String id = UUID.randomUUID().toString();
        request(new Request(Kind.RENAME, id, new ClientFrame.RenameThread(threadId, title, id), null, false, false,
                f -> answer.complete(((ServerFrame.ThreadRenamed) f).thread()), answer));
    }

    void delete(String threadId, CompletableFuture<Void> answer) {
        String id = UUID.randomUUID().toString();
        request(new Request(Kind.DELETE, id, new ClientFrame.DeleteThread(threadId, id), null, false, false,
                f -> answer.complete(null), answer));
    }

    private static Request listRequest(ClientFrame.ListThreads frame, boolean relist, Consumer<ServerFrame> answered,
            CompletableFuture<?> future) {
        String query = frame.query() == null || frame.query().isBlank() ? null : frame.query().strip();
        return new Request(Kind.LIST, null, frame, query, frame.cursor() == null, relist, answered, future);
    }

    private void request(Request request) {
        if (stoppedBecause != null) {
            request.future.completeExceptionally(new RequestFailedException(RequestFailedException.STOPPED,
                    "not connected: the client stopped (" + stoppedBecause + "); connect() first"));
            return;
        }
        waiting.add(request);
        if (joined) {
            send(request);
        }
    }

    private void send(Request request) {
        link.send(request.frame);
        request.sent = true;
    }

    // ---- connections

    @Override
    public URI uri(Endpoint endpoint) {
        return endpoint.userUri();
    }

    @Override
    public String notJoined() {
        return "no answer to the first ping from the server";
    }

    @Override
    public void started() {
        stoppedBecause = null;
    }

    @Override
    public void connecting(Link opening) {
        link = opening;
        pinged = false;
        joined = false;
        waiting.forEach(r -> r.sent = false);
    }

    @Override
    public void opened() {
        link.send(PING);
        pinged = true;
    }

    @Override
    public void received(ServerFrame frame) {
        if (!joined) {
            // Before the join only a refusal can come, which the session reads from its close.
            if (pinged && frame instanceof ServerFrame.Pong) {
                join();
            }
            return;
        }
        if (frame instanceof ServerFrame.Threads page) {
            answerList(page);
        } else if (frame instanceof ServerFrame.ThreadRenamed renamed) {
            answer(Kind.RENAME, renamed.clientMessageId(), renamed);
        } else if (frame instanceof ServerFrame.ThreadDeleted deleted) {
            answer(Kind.DELETE, deleted.clientMessageId(), deleted);
        } else if (frame instanceof ServerFrame.ThreadChanged change) {
            listeners.onChange(change);
        } else if (frame instanceof ServerFrame.ErrorFrame error) {
            refused(error);
        }
    }

    private void join() {
        if (!link.join("connected as " + userId)) {
            return;
        }
        joined = true;
        boolean rejoined = joinedBefore;
        joinedBefore = true;
        if (rejoined && watched != null && waiting.stream().noneMatch(r -> r.kind == Kind.LIST && r.firstPage)) {
            // The watch was the lost connection's: ask for the list again, which watches again.
            waiting.add(listRequest(watched, true, f -> listeners.onRelisted((ServerFrame.Threads) f),
                    new CompletableFuture<Void>()));
        }
        waiting.forEach(this::send);
    }

    private void answerList(ServerFrame.Threads page) {
        Optional<Request> asked = oldestSent(r -> r.kind == Kind.LIST && Objects.equals(r.query, page.query()))
                .or(() -> oldestSent(r -> r.kind == Kind.LIST));
        asked.ifPresentOrElse(r -> {
            waiting.remove(r);
            r.answered.accept(page);
        }, () -> log.debug("a page of threads nobody asked for: dropped"));
    }

    private void answer(Kind kind, String clientMessageId, ServerFrame frame) {
        oldestSent(r -> r.kind == kind && r.clientMessageId.equals(clientMessageId)).ifPresent(r -> {
            waiting.remove(r);
            r.answered.accept(frame);
        });
    }

    private void refused(ServerFrame.ErrorFrame error) {
        Optional<Request> refused;
        if (error.clientMessageId() != null) {
            refused = oldestSent(r -> error.clientMessageId().equals(r.clientMessageId));
        } else if (CONNECTION_ERRORS.contains(error.code())) {
            refused = Optional.empty();
        } else {
            // A list's error has no id; a server that knows no list frames answers any of them unknown_type, without.
            refused = oldestSent(r -> r.kind == Kind.LIST).or(() -> oldestSent(r -> true));
        }
        refused.ifPresent(r -> fail(r, new RequestFailedException(error.code(), error.message())));
    }

    private Optional<Request> oldestSent(Predicate<Request> wanted) {
        return waiting.stream().filter(r -> r.sent && wanted.test(r)).findFirst();
    }

    private void fail(Request request, RequestFailedException why) {
        waiting.remove(request);
        if (request.relist) {
            log.debug("listing again after a reconnect failed: {}", why.toString());
        }
        request.future.completeExceptionally(why);
    }

    @Override
    public void ended(String why) {
        link = null;
        joined = false;
    }

    /** The largest request sent is given up, or it would be sent again after every reconnect. */
    @Override
    public void tooBig() {
        waiting.stream().filter(r -> r.sent).max(Comparator.comparingInt(r -> r.frame.length())).ifPresent(r -> fail(r,
                new RequestFailedException(RequestFailedException.MESSAGE_TOO_LONG, "the request is larger than the "
                        + "server accepts (it closed the connection with 1009)")));
    }

    @Override
    public void stopped(ConnectionStatus last) {
        stoppedBecause = last.reason();
        failAll("the client stopped before the server answered: " + last.reason());
    }

    @Override
    public void closed() {
        stoppedBecause = "closed";
        failAll("the client was closed");
    }

    private void failAll(String why) {
        for (Request request : List.copyOf(waiting)) {
            fail(request, new RequestFailedException(RequestFailedException.STOPPED, why));
        }
    }
}
