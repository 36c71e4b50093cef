package dev.agentbuilder.chat.server.internal.transport;

import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic check for writes Java-WebSocket lost the demand of (see {@link ChatSocket#rearmIfStalled}): every
 * connection is looked at every {@link #INTERVAL_MS} ms.
 *
 * <p>Thread-safe: its one thread, {@code chat-write-rearm}, is the only caller of {@link ChatSocket#rearmIfStalled}.
 */
final class WriteRearm {

    private static final Logger log = LoggerFactory.getLogger(WriteRearm.class);
    private static final long INTERVAL_MS = 200;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-write-rearm");
        thread.setDaemon(true);
        return thread;
    });

    /** Looks at {@code connections} from now on, until {@link #stop}. */
    void start(Supplier<Collection<WebSocket>> connections) {
        timer.scheduleWithFixedDelay(() -> rearmStalledWrites(connections.get()), INTERVAL_MS, INTERVAL_MS,
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private static void rearmStalledWrites(Collection<WebSocket> connections) {
        try {
            int renewed = 0;
            for (WebSocket socket : connections) {
                if (socket instanceof ChatSocket chat && chat.rearmIfStalled()) {
                    renewed++;
                }
            }
            if (renewed > 0) {
                log.debug("renewed the write demand of {} connection(s)", renewed);
            }
        } catch (RuntimeException e) {
            log.error("the check for stalled writes failed", e);
        }
    }
}
