package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.core.ThreadCatalog;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.server.internal.wire.FrameMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A connection's watch of its user's list, with the search it follows: it turns the catalog's changes into
 * {@code thread_changed} frames. Changes that arrive before the page the watch started with was sent wait for it, so
 * that a client that replaces its list with the page applies every change after it.
 *
 * <p>Thread-safe: the catalog calls {@link #changed} on an engine worker, the page is sent from another; both hold the
 * monitor.
 */
final class ListWatch implements ThreadCatalog.ThreadWatcher {

    private final Connection connection;
    private final String search;
    private ThreadCatalog.Watch watch;
    private boolean pageSent;
    private List<ServerFrame> held = new ArrayList<>();

    /** @param search the search text as {@link ThreadTitles#normalizeSearch} made it */
    ListWatch(Connection connection, String search) {
        this.connection = connection;
        this.search = search;
    }

    synchronized void started(ThreadCatalog.Watch watch) {
        this.watch = watch;
    }

    @Override
    public synchronized void changed(ThreadChange change, Optional<ThreadInfo> now) {
        ServerFrame frame = new ServerFrame.ThreadChanged(change.kind().id(), change.threadId(),
                now.filter(info -> ThreadTitles.matches(info, search)).map(FrameMapper::thread).orElse(null));
        if (pageSent) {
            connection.send(frame);
        } else if (held != null) {
            held.add(frame);
        }
    }

    /** Sends the page this watch started with, then the changes that came meanwhile. */
    synchronized void sendPage(ServerFrame page) {
        connection.send(page);
        pageSent = true;
        held.forEach(connection::send);
        held = null;
    }

    synchronized void stop() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
        held = null;
        pageSent = false;
    }
}
