package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.spi.TurnLock;
import java.sql.SQLException;

/**
 * How a store holds a turn's writes to the turn that may make them: the checks made first in each write of a turn
 * writer, and what a change by hand must respect. A store shared by nodes checks the lease's token; a store of one
 * process checks that the thread is still the one the writer was made for (not deleted, nor deleted and opened again
 * since). Its SQL is the dialect's. Thread-safe.
 */
public interface TurnFence {

    /**
     * The checks of a turn writer made now for {@code lease}: made when the writer is, so that a deletion ordered
     * between the two is seen.
     *
     * @throws IllegalArgumentException naming the lease, for one this store did not hand out
     */
    Fenced fenceFor(TurnLock.Lease lease);

    /**
     * Before a change by hand: fails it with {@link dev.agentbuilder.chat.core.spi.ClusterStore.TurnRunning} while a
     * turn holds the thread's lease with messages unanswered.
     */
    void refuseWhileATurnRuns(Transaction tx, String threadId) throws SQLException;

    /** The checks of one turn writer. Thread-safe as its fence is. */
    interface Fenced {

        /**
         * First in each of the writer's writes: checks that it may still write (and extends its lease, where there
         * is one), and records the user message {@code answers} (if not null) as answered. A write it may no longer
         * make fails here, with nothing written: {@link dev.agentbuilder.chat.core.spi.ClusterStore.FencedOut} when
         * another node took the lease, else a {@link dev.agentbuilder.chat.core.ChatException} naming the thread.
         */
        void check(Transaction tx, String answers) throws SQLException;
    }
}
