package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.TurnLock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The turn lease within one process: never expires, token 0 (one process needs no fencing). Thread-safe. */
final class LocalTurnLock implements TurnLock {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Lease> tryAcquire(String threadId) {
        return held.add(threadId) ? Optional.of(new Lease(threadId, 0)) : Optional.empty();
    }

    @Override
    public boolean renew(Lease lease) {
        return held.contains(lease.threadId());
    }

    @Override
    public void release(Lease lease) {
        held.remove(lease.threadId());
    }
}
