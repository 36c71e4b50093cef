package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.internal.InMemoryThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;

/**
 * The {@link ThreadStore} that chat-core ships. The durable one is in the chat-sqlite module
 * ({@code SqliteStore.open(dataDir)}).
 */
public final class ThreadStores {

    private ThreadStores() {
    }

    /** A store that keeps everything in the heap until the process ends: for tests, demos, apps without durability. */
    public static ThreadStore inMemory() {
        return new InMemoryThreadStore();
    }
}
