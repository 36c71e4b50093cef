package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.TurnLock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The turn lock within one process. Thread-safe. */
public final class LocalTurnLock implements TurnLock {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public boolean tryAcquire(String threadId) {
        return held.add(threadId);
    }

    @Override
    public void release(String threadId) {
        held.remove(threadId);
    }
}
