package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the threads idle for longer than the retention period, a batch at a time, through the catalog, so that a
 * thread deleted this way goes exactly as one deleted on request: its turn stops, its members are told, every node
 * drops it. The store answers one node at a time, so nodes do not delete the same threads together.
 *
 * <p>Thread-safe: runs on the engine's timer and workers; {@link #running} keeps one sweep at a time.
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 100;
    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);
    private static final Duration SHORTEST_PAUSE = Duration.ofMillis(200);

    private final EngineConfig config;
    private final SessionRegistry registry;
    private final Catalog catalog;
    private final AtomicBoolean running = new AtomicBoolean();

    Retention(EngineConfig config, SessionRegistry registry, Catalog catalog) {
        this.config = config;
        this.registry = registry;
        this.catalog = catalog;
    }

    /** How long between sweeps: a quarter of the period, within 200 ms and a minute. */
    Duration pause() {
        Duration quarter = config.retention().dividedBy(4);
        if (quarter.compareTo(SHORTEST_PAUSE) < 0) {
            return SHORTEST_PAUSE;
        }
        return quarter.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : quarter;
    }

    /** One sweep, on a worker; a full batch sweeps again at once. Never blocks a worker on a deletion. */
    void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        List<String> idle;
        try {
            Instant before = config.clock().instant().minus(config.retention());
            idle = config.store().directory().idleSince(before, BATCH);
        } catch (ChatException | UnsupportedOperationException e) {
            log.warn("could not look for threads past the retention period: {}", e.getMessage());
            running.set(false);
            return;
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String threadId : idle) {
            chain = chain.thenCompose(v -> catalog.deleteIfOwned(threadId, null).handle((deleted, e) -> {
                if (e != null) {
                    log.warn("could not delete thread {} past the retention period", threadId, e);
                } else if (deleted) {
                    config.observer().threadDeleted(true);
                }
                return null;
            }));
        }
        chain.whenComplete((v, e) -> {
            running.set(false);
            if (idle.size() == BATCH) {
                try {
                    registry.pool().execute(this::sweep);
                } catch (RejectedExecutionException shuttingDown) {
                    // Nothing more to do.
                }
            }
        });
        if (!idle.isEmpty()) {
            log.info("deleting {} threads idle for longer than {}", idle.size(), config.retention());
        }
    }
}
