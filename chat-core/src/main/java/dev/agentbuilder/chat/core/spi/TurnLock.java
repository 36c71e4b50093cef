package dev.agentbuilder.chat.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One running turn per thread, across every node that serves the thread: a lease with a fencing token. langchain4j's
 * chat memory is not safe for concurrent turns on one memory id, and two nodes answering one message would answer it
 * twice, so a turn only starts under its thread's lease.
 *
 * <p>A lease can be lost without its holder knowing (a paused process, a network partition): it expires, and another
 * node takes it with a higher token. Every write the turn makes carries the token (the fenced writes of
 * {@link ThreadStore}), and the store refuses one whose token is no longer current, so a holder that lost its lease
 * can never write after the new holder. The lease for one process is
 * {@link dev.agentbuilder.chat.core.TurnLocks#inProcess()}; its tokens are 0 and fence nothing.
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
     * Whether other nodes take this lease too. Then a node that acquires it must read the thread's state (draft,
     * chat memory, unanswered messages) from the store: another node may have changed it since this one last held it.
     */
    default boolean sharedAcrossNodes() {
        return false;
    }

    /**
     * How often a running turn renews its lease; zero for a lease that never expires (one process). A turn whose
     * renewal fails stops.
     */
    default Duration renewalInterval() {
        return Duration.ZERO;
    }

    /** Whether some node holds a live lease on the thread: its builder is at work. May block for a store round trip. */
    default boolean isHeld(String threadId) {
        return false;
    }

    /**
     * Threads with a user message nobody answered and no live lease: their node died or was cut off mid-turn, or
     * stored a message and died before its turn. A node takes their leases and answers them, whether or not any
     * client is connected. At most {@code limit}; none for a lease of one process, whose threads are recovered when
     * they are next opened. May block for a store round trip.
     */
    default List<String> threadsWaitingForATurn(int limit) {
        return List.of();
    }

    /** A held lease: the thread and the fencing token its turn's writes carry. */
    record Lease(String threadId, long token) {
        public Lease {
            Objects.requireNonNull(threadId, "threadId");
        }
    }
}
