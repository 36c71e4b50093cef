package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.ThreadDirectoryContract;
import java.time.Instant;

/**
 * The in-memory store's listing keeps the directory contract. In the store's own package, the only way to line its
 * threads up in one millisecond without a clock of its own.
 */
class InMemoryThreadDirectoryTest extends ThreadDirectoryContract {

    @Override
    protected ThreadStore openStore() {
        return new InMemoryThreadStore();
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Override
    protected void setUpdatedAt(ThreadStore store, String threadId, Instant updatedAt) {
        InMemoryThread thread = ((InMemoryThreadStore) store).data(threadId);
        synchronized (thread) {
            thread.updatedAt = updatedAt;
        }
    }
}
