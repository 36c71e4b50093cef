package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.spi.TurnLock;
import java.sql.SQLException;

/**
 * How a store shared by nodes holds a turn's writes to its lease: the token checked in each write, and what the
 * sweep for waiting threads must know. Its SQL is the dialect's; {@link #NONE} is the fence of a store of one
 * process, which has no other writer to fence out. Stateless; thread-safe.
 */
public interface TurnFence {

    /** A store of one process: any lease is its engine's own, and nothing is recorded for other nodes. */
    TurnFence NONE = new TurnFence() {
        @Override
        public void check(TurnLock.Lease lease) {
        }

        @Override
        public void fence(Transaction tx, TurnLock.Lease lease, String answers) {
        }

        @Override
        public void userMessageStored(Transaction tx, String threadId, long seq) {
        }

        @Override
        public void refuseWhileATurnRuns(Transaction tx, String threadId) {
        }
    };

    /**
     * Refuses, when its turn writer is asked for, a lease this store did not hand out.
     *
     * @throws IllegalArgumentException naming the lease
     */
    void check(TurnLock.Lease lease);

    /**
     * First in each of a turn's writes: checks the lease's token (and extends the lease), and records the user
     * message {@code answers} (if not null) as answered. A token no longer current fails the write with
     * {@link dev.agentbuilder.chat.core.spi.ClusterStore.FencedOut}.
     */
    void fence(Transaction tx, TurnLock.Lease lease, String answers) throws SQLException;

    /** A user message was stored at {@code seq}: the thread waits for a turn. */
    void userMessageStored(Transaction tx, String threadId, long seq) throws SQLException;

    /**
     * Before a change by hand: fails it with {@link dev.agentbuilder.chat.core.spi.ClusterStore.TurnRunning} while a
     * turn holds the thread's lease with messages unanswered.
     */
    void refuseWhileATurnRuns(Transaction tx, String threadId) throws SQLException;
}
