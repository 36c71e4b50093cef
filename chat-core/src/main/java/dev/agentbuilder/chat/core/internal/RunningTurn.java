package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.TurnWriter;

/**
 * What storing and announcing a turn's outcome ({@link TurnOutcomes}) asks of the queue that runs the turn
 * ({@link TurnQueue}): whether the turn is still the running one and may still speak, the writer of its lease, and
 * its end. On the thread's executor.
 */
interface RunningTurn {

    /** Whether {@code turn} is the running turn: one that ended or was stopped meanwhile says nothing more. */
    boolean current(Turn turn);

    /** The writer of the running turn's lease: the only way to store what the turn did, fenced with its token. */
    TurnWriter writer();

    /** The token of the running turn's lease, which its deltas carry: 0 in one process. */
    long fence();

    /** Runs what the running turn does that others can see now, or once its user message is stored. */
    void onceStored(Runnable effect);

    /**
     * Whether the running turn may still speak: with a shared lease, only while the lease is surely this node's (a
     * node that wakes from a pause renews first, and stops if the lease was taken).
     */
    boolean maySpeak();

    /**
     * Whether the lease is still this node's, asked of the store now: before saying that a write of the turn failed,
     * when the failure may be the fence's in disguise.
     */
    boolean leaseConfirmed();

    /** Another node took the lease while {@code turn} ran: it stops without a word, and the lease is not given back. */
    void fencedOut(Turn turn);

    /** {@code turn} has ended, its outcome stored (or not) and announced: the next turn may start. */
    void ended(Turn turn);
}
