package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadCatalog;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link ThreadCatalog}: reads and writes go to the store's {@link ThreadDirectory} on the engine's
 * workers; changes go out on the bus to every node, where this class hands them to the watchers of the thread's owner,
 * with the thread's metadata read again from the store.
 *
 * <p>Thread-safe. Each user's watchers hear their changes one at a time, in the order this node heard them, on a
 * serial executor of their own: a deletion is never overtaken by an older update.
 */
final class Catalog implements ThreadCatalog {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);
    /** Events stored in a thread within this long after one another make one {@code updated} change. */
    static final Duration UPDATE_COALESCING = Duration.ofMillis(250);
    private static final int MAX_EVENTS_PAGE = 1_000;

    private final EngineConfig config;
    private final SessionRegistry registry;
    private final ConcurrentHashMap<String, UserWatchers> watchers = new ConcurrentHashMap<>();
    /** Threads with an {@code updated} change scheduled, not yet published. */
    private final ConcurrentHashMap<String, Boolean> updatesDue = new ConcurrentHashMap<>();
    private final ThreadBus.Subscription changes;

    Catalog(EngineConfig config, SessionRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.changes = config.bus().subscribeChanges(this::heard);
    }

    private ThreadDirectory directory() {
        return config.store().directory();
    }

    @Override
    public CompletableFuture<ThreadPage> list(String userId, String search, String cursor, int limit) {
        Identifiers.require("userId", userId);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("The page size must be between 1 and " + MAX_PAGE + ": " + limit);
        }
        String normalized = ThreadTitles.normalizeSearch(search);
        ThreadPosition after = cursor == null ? null : ListingCursor.decode(cursor, userId, normalized);
        return onWorker(() -> {
            List<ThreadInfo> found = directory().threadsOf(userId, normalized, after, limit + 1);
            if (found.size() <= limit) {
                return new ThreadPage(found, null);
            }
            List<ThreadInfo> page = found.subList(0, limit);
            return new ThreadPage(page, ListingCursor.encode(userId, normalized, page.get(limit - 1).position()));
        });
    }

    @Override
    public CompletableFuture<Optional<ThreadDetails>> details(String threadId) {
        Identifiers.require("threadId", threadId);
        return onWorker(() -> directory().thread(threadId).map(info -> new ThreadDetails(info,
                config.store().draftAt(threadId, info.agentVersion()).orElse(AgentDraft.empty()))));
    }

    @Override
    public CompletableFuture<List<StoredEvent>> events(String threadId, long afterSeq, int limit) {
        Identifiers.require("threadId", threadId);
        if (afterSeq < 0) {
            throw new IllegalArgumentException("after must be >= 0: " + afterSeq);
        }
        if (limit < 1 || limit > MAX_EVENTS_PAGE) {
            throw new IllegalArgumentException("The page size must be between 1 and " + MAX_EVENTS_PAGE + ": "
                    + limit);
        }
        return onWorker(() -> config.store().eventsAfter(threadId, afterSeq, limit));
    }

    @Override
    public CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String owner, String title) {
        Identifiers.require("threadId", threadId);
        ThreadTitles.refusal(title).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        return onWorker(() -> ownedBy(threadId, owner)).thenCompose(info -> {
            if (info.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<ThreadInfo>empty());
            }
            return directory().rename(threadId, title).thenApply(renamed -> {
                renamed.ifPresent(now -> publish(Kind.RENAMED, threadId, now.ownerUserId()));
                return renamed;
            });
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(String threadId, String owner) {
        Identifiers.require("threadId", threadId);
        return deleteIfOwned(threadId, owner).thenApply(deleted -> {
            if (deleted) {
                config.observer().threadDeleted(false);
            }
            return deleted;
        });
    }

    /** Deletes the thread if it is {@code owner}'s (anyone's when null); whether it did. */
    CompletableFuture<Boolean> deleteIfOwned(String threadId, String owner) {
        return onWorker(() -> ownedBy(threadId, owner)).thenCompose(info -> {
            if (info.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            String ownerId = info.get().ownerUserId();
            // This node's session first: its turn stops and stores what it streamed, its members are told and leave;
            // then the store deletes, after those writes. Other nodes' sessions go when they hear the change; their
            // turns' writes are fenced out by the store.
            return registry.threadDeleted(threadId)
                    .thenCompose(v -> directory().delete(threadId))
                    .thenApply(deleted -> {
                        publish(Kind.DELETED, threadId, ownerId);
                        return true;
                    });
        });
    }

    @Override
    public Watch watch(String userId, ThreadWatcher watcher) {
        Identifiers.require("userId", userId);
        watchers.compute(userId, (id, existing) -> {
            UserWatchers w = existing != null ? existing : new UserWatchers(registry);
            w.list.add(watcher);
            return w;
        });
        return () -> watchers.computeIfPresent(userId, (id, w) -> {
            w.list.remove(watcher);
            return w.list.isEmpty() ? null : w;
        });
    }

    /** A session stored an event: its owner's list changes, once per {@link #UPDATE_COALESCING} at most. */
    void stored(String threadId, String owner) {
        if (owner == null || owner.isEmpty() || updatesDue.putIfAbsent(threadId, Boolean.TRUE) != null) {
            return;
        }
        if (registry.schedule(() -> {
            updatesDue.remove(threadId);
            publish(Kind.UPDATED, threadId, owner);
        }, UPDATE_COALESCING) == null) {
            updatesDue.remove(threadId);
        }
    }

    /** A session opened a thread that has no events yet: perhaps new, so its owner's lists hear of it. */
    void opened(String threadId, String owner) {
        publish(Kind.CREATED, threadId, owner);
    }

    private void publish(Kind kind, String threadId, String owner) {
        try {
            config.bus().publishChange(new ThreadChange(kind, threadId, owner));
        } catch (RuntimeException e) {
            log.warn("could not publish a change of thread {}", threadId, e);
        }
    }

    /** A change from any node, on the bus's thread: never blocks. */
    private void heard(ThreadChange change) {
        if (change.kind() == Kind.DELETED) {
            registry.threadDeleted(change.threadId());
        }
        UserWatchers w = watchers.get(change.userId());
        if (w != null) {
            try {
                w.executor.execute(() -> deliver(w, change));
            } catch (RejectedExecutionException e) {
                // Shutting down.
            }
        }
    }

    private void deliver(UserWatchers w, ThreadChange change) {
        Optional<ThreadInfo> now;
        try {
            now = change.kind() == Kind.DELETED ? Optional.empty()
                    : directory().thread(change.threadId()).filter(i -> i.ownerUserId().equals(change.userId()));
        } catch (ChatException e) {
            log.warn("could not read thread {} for its owner's lists", change.threadId(), e);
            return;
        }
        for (ThreadWatcher watcher : w.list) {
            try {
                watcher.changed(change, now);
            } catch (RuntimeException e) {
                log.error("a watcher of a list of threads failed", e);
            }
        }
    }

    private Optional<ThreadInfo> ownedBy(String threadId, String owner) {
        return directory().thread(threadId).filter(info -> owner == null || info.ownerUserId().equals(owner));
    }

    private <T> CompletableFuture<T> onWorker(Supplier<T> read) {
        try {
            return CompletableFuture.supplyAsync(read, registry.pool());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ChatException("the chat engine is shut down", false));
        }
    }

    void close() {
        changes.close();
    }

    /** One user's watchers on this node, and the executor that hands them their changes in order. */
    private static final class UserWatchers {
        final List<ThreadWatcher> list = new CopyOnWriteArrayList<>();
        final SerialExecutor executor;

        UserWatchers(SessionRegistry registry) {
            this.executor = new SerialExecutor(registry.pool(), registry.urgentPool());
        }
    }
}
