package dev.agentbuilder.chat.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One running turn per thread, across every node that serves the thread: a lease with a fencing token. langchain4j's
 * chat memory is not safe for concurrent turns on one memory id, and two nodes answering one message would answer it
 * twice, so a turn only starts under its thread's lease.
 *
 * <p>A lease can be lost without its holder knowing (a paused process, a network partition): it expires, and another
 * node takes it with a higher token. Every write the turn makes carries the token (the {@link TurnWriter} of
 * the lease), and the store refuses one whose token is no longer current, so a holder that lost its lease
 * can never write after the new holder. A store shared by nodes has its lease
 * ({@link ClusterStore#turnLock}); the lease of one process is the engine's own, with tokens of 0.
 */
public interface TurnLock {

    /** Takes the thread's lease if nobody holds it, or its holder's lease expired. May block for a store round trip. */
    Optional<Lease> tryAcquire(String threadId);

    /**
     * Extends the lease. False when it is no longer held (it expired and another node took it): the turn must stop
     * and publish nothing more. May block for a store round trip.
     */
    boolean renew(Lease lease);

    /** Gives the lease up; nothing if it is no longer held. May block for a store round trip. */
    void release(Lease lease);

    /**
     * How often a running turn renews its lease; zero for a lease that never expires (one process). A turn whose
     * renewal fails stops.
     */
    default Duration renewalInterval() {
        return Duration.ZERO;
    }

    /** A held lease: the thread and the fencing token its turn's writes carry. */
    record Lease(String threadId, long token) {
        public Lease {
            Objects.requireNonNull(threadId, "threadId");
        }
    }
}
