package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what a thread's members may have missed: stored events after the oldest a live member has (fan-out gives
 * each member once, in order), and the statuses of files indexed elsewhere. After the bus lost events (a broker
 * reconnect), and now and then as a safety net.
 *
 * <p>Confined to the session's executor. Stateless beyond its parts.
 */
final class CatchUp {

    private static final Logger log = LoggerFactory.getLogger(CatchUp.class);

    private final String threadId;
    private final EngineConfig config;
    private final LoadedThread thread;
    private final Members members;
    private final Consumer<ThreadEvent> fanOut;

    CatchUp(String threadId, EngineConfig config, LoadedThread thread, Members members,
            Consumer<ThreadEvent> fanOut) {
        this.threadId = threadId;
        this.config = config;
        this.thread = thread;
        this.members = members;
        this.fanOut = fanOut;
    }

    /** Reads what members may have missed and fans it out; blocks on the store's reads. */
    void run() {
        files();
        try {
            long from = members.oldestDelivered(thread.lastSeq());
            while (true) {
                List<StoredEvent> page = config.store().eventsAfter(threadId, from, config.replayPageEvents());
                page.forEach(fanOut);
                if (page.size() < config.replayPageEvents()) {
                    return;
                }
                from = page.get(page.size() - 1).seq();
            }
        } catch (ChatException e) {
            log.warn("could not catch up thread {} from the store", threadId, e);
        }
    }

    /**
     * Tells members of files whose indexing ended without this node hearing of it: a bus that carries stored events
     * only (PostgreSQL's) does not carry file statuses.
     */
    private void files() {
        try {
            thread.filesIndexedElsewhere().forEach(file -> fanOut.accept(new ThreadEvent.FileStatusChanged(file)));
        } catch (ChatException e) {
            log.warn("could not read the knowledge files of thread {}", threadId, e);
        }
    }
}
