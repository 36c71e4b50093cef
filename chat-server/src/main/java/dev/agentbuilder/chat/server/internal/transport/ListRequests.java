package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.ThreadCatalog;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.server.internal.wire.FrameMapper;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of a user's list of threads ({@code list_threads}, {@code rename_thread}, {@code delete_thread}), on
 * any connection, always for the connection's user. Hands each to the engine's {@link ThreadCatalog} and answers
 * when it completes, on an engine worker: nothing here waits on a Java-WebSocket thread.
 *
 * <p>Stateless beyond the catalog; a connection's watch lives on the connection.
 */
final class ListRequests {

    private static final Logger log = LoggerFactory.getLogger(ListRequests.class);

    private final ThreadCatalog catalog;

    ListRequests(ThreadCatalog catalog) {
        this.catalog = catalog;
    }

    static boolean handles(ClientFrame frame) {
        return frame instanceof ClientFrame.ListThreads || frame instanceof ClientFrame.RenameThread
                || frame instanceof ClientFrame.DeleteThread;
    }

    void handle(Connection connection, ClientFrame frame) {
        if (!connection.mayUseItsList()) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.FORBIDDEN, "This connection's token opens only "
                    + "some threads: it cannot list, rename or delete threads.", clientMessageId(frame)));
            return;
        }
        if (frame instanceof ClientFrame.ListThreads list) {
            list(connection, list);
        } else if (frame instanceof ClientFrame.RenameThread rename) {
            if (connection.rateLimits.admitStored(rename.clientMessageId(), "change")) {
                rename(connection, rename);
            }
        } else if (frame instanceof ClientFrame.DeleteThread delete
                && connection.rateLimits.admitStored(delete.clientMessageId(), "change")) {
            delete(connection, delete);
        }
    }

    private void list(Connection connection, ClientFrame.ListThreads list) {
        int limit = list.limit() == null ? ThreadCatalog.DEFAULT_PAGE : list.limit();
        String search;
        CompletableFuture<ThreadCatalog.ThreadPage> page;
        try {
            search = ThreadTitles.normalizeSearch(list.query());
            page = catalog.list(connection.userId, list.query(), list.cursor(), limit);
        } catch (IllegalArgumentException e) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INVALID_MESSAGE, e.getMessage(), null));
            return;
        }
        // A first page starts (or stops) the connection's watch, before the page is read: no change after the read
        // is missed, and those before the page is sent wait for it.
        ListWatch watch = null;
        if (list.cursor() == null) {
            connection.unwatch();
            if (list.watching()) {
                watch = new ListWatch(connection, search);
                watch.started(catalog.watch(connection.userId, watch));
                connection.watch(watch);
            }
        }
        String query = search.isEmpty() ? null : list.query().strip();
        ListWatch started = watch;
        page.whenComplete((p, e) -> {
            if (e != null) {
                log.warn("could not list the threads of a user", e);
                connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INTERNAL,
                        "The list of threads could not be read. Please try again.", null));
                return;
            }
            ServerFrame frame = new ServerFrame.Threads(p.threads().stream().map(FrameMapper::thread).toList(),
                    p.nextCursor(), query);
            if (started != null) {
                started.sendPage(frame);
            } else {
                connection.send(frame);
            }
        });
    }

    private void rename(Connection connection, ClientFrame.RenameThread rename) {
        String cmid = rename.clientMessageId();
        CompletableFuture<java.util.Optional<dev.agentbuilder.chat.core.ThreadInfo>> renamed;
        try {
            renamed = catalog.rename(rename.threadId(), connection.userId, rename.title());
        } catch (IllegalArgumentException e) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INVALID_MESSAGE, e.getMessage(), cmid));
            return;
        }
        renamed.whenComplete((info, e) -> {
            if (e != null) {
                log.warn("could not rename thread {}", rename.threadId(), e);
                connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INTERNAL,
                        "The thread could not be renamed. Please try again.", cmid));
            } else if (info.isEmpty()) {
                connection.send(new ServerFrame.ErrorFrame(ErrorCodes.NOT_FOUND,
                        "You have no thread " + rename.threadId() + ".", cmid));
            } else {
                connection.send(new ServerFrame.ThreadRenamed(FrameMapper.thread(info.get()), cmid));
            }
        });
    }

    private void delete(Connection connection, ClientFrame.DeleteThread delete) {
        String cmid = delete.clientMessageId();
        CompletableFuture<Boolean> deleted;
        try {
            deleted = catalog.delete(delete.threadId(), connection.userId);
        } catch (IllegalArgumentException e) {
            connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INVALID_MESSAGE, e.getMessage(), cmid));
            return;
        }
        // Idempotent: a thread already gone, or another user's (left alone), is answered the same way.
        deleted.whenComplete((existed, e) -> {
            if (e != null) {
                log.warn("could not delete thread {}", delete.threadId(), e);
                connection.send(new ServerFrame.ErrorFrame(ErrorCodes.INTERNAL,
                        "The thread could not be deleted. Please try again.", cmid));
            } else {
                connection.send(new ServerFrame.ThreadDeleted(delete.threadId(), cmid));
            }
        });
    }

    private static String clientMessageId(ClientFrame frame) {
        if (frame instanceof ClientFrame.RenameThread r) {
            return r.clientMessageId();
        }
        return frame instanceof ClientFrame.DeleteThread d ? d.clientMessageId() : null;
    }
}
