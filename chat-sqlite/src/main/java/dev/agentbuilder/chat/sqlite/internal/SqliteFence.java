package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.jdbc.GroupCommitWriter;
import dev.agentbuilder.chat.jdbc.Statements;
import dev.agentbuilder.chat.jdbc.Transaction;
import dev.agentbuilder.chat.jdbc.TurnFence;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fence of the SQLite store's turn writers. One process has no other node to fence out (the data directory's lock
 * keeps it so), and its leases fence nothing; but a thread can be deleted while a turn runs, and opened again under
 * the same id, and the turn's writer must then store nothing. So each thread's row holds an incarnation, a random
 * number drawn when the row is inserted: a writer reads it when it is made, on the writer (so in order with a deletion
 * called before), and each of its writes checks that the row still holds it.
 *
 * <p>Thread-safe: what a writer read is written and read on the store's one writer thread only.
 */
final class SqliteFence implements TurnFence {

    private final GroupCommitWriter writer;

    SqliteFence(GroupCommitWriter writer) {
        this.writer = writer;
    }

    /** The incarnation of the thread's row; null when there is none. */
    static Long incarnation(Statements s, String threadId) throws SQLException {
        PreparedStatement select = s.prepare("SELECT incarnation FROM threads WHERE thread_id = ?");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? r.getLong(1) : null;
        }
    }

    @Override
    public Fenced fenceFor(TurnLock.Lease lease) {
        String threadId = lease.threadId();
        Pinned pinned = new Pinned();
        // Queued before any write of the new writer, in the thread's strand: it runs first.
        writer.submit(threadId, tx -> {
            pinned.incarnation = incarnation(tx, threadId);
            return null;
        });
        return (tx, answers) -> {
            Long now = incarnation(tx, threadId);
            if (now == null) {
                throw new ChatException("thread " + threadId + " is not stored: it was deleted, or never opened",
                        false);
            }
            if (!now.equals(pinned.incarnation)) {
                throw new ChatException("thread " + threadId + " was deleted while its turn ran", false);
            }
        };
    }

    /** One process: no other node's turn to wait for. */
    @Override
    public void refuseWhileATurnRuns(Transaction tx, String threadId) {
    }

    /** What one writer read; confined to the store's writer thread. */
    private static final class Pinned {
        Long incarnation;
    }
}
