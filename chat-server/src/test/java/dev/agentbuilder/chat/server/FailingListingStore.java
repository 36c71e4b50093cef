package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory store whose listing fails for two names, as a real store's can: the user or thread {@value #BUSY}
 * with a failure that trying again may cure (a busy database), {@value #BROKEN} with one nobody expected. Everything
 * else is the in-memory store's. Thread-safe, as that store is.
 */
final class FailingListingStore extends ForwardingThreadStore {

    static final String BUSY = "busy";
    static final String BROKEN = "broken";

    FailingListingStore() {
        super(ThreadStores.inMemory());
    }

    @Override
    public ThreadDirectory directory() {
        ThreadDirectory real = delegate.directory();
        return new ThreadDirectory() {
            @Override
            public List<ThreadInfo> threadsOf(String userId, String search, ThreadPosition after, int limit) {
                fail(userId);
                return real.threadsOf(userId, search, after, limit);
            }

            @Override
            public Optional<ThreadInfo> thread(String threadId) {
                fail(threadId);
                return real.thread(threadId);
            }

            @Override
            public CompletableFuture<Optional<ThreadInfo>> rename(String threadId, String title) {
                return real.rename(threadId, title);
            }

            @Override
            public CompletableFuture<Boolean> delete(String threadId) {
                return real.delete(threadId);
            }

            @Override
            public List<String> idleSince(Instant before, int limit) {
                return real.idleSince(before, limit);
            }
        };
    }

    private static void fail(String name) {
        if (name.equals(BUSY)) {
            throw new ChatException("the database is busy", true);
        }
        if (name.equals(BROKEN)) {
            throw new IllegalStateException("the listing's table is corrupt");
        }
    }
}
