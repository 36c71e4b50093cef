package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.spi.ClusterStore.FencedOut;
import dev.agentbuilder.chat.core.spi.ClusterStore.TurnRunning;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.jdbc.Transaction;
import dev.agentbuilder.chat.jdbc.TurnFence;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The turn lease's fence in the thread's row ({@link PgTurnLock} takes the lease there): every write of a turn checks
 * the lease's token in the statement that locks the row, and extends the lease, and records which user message it
 * answers, for the sweep of {@link PgCluster}. Stateless beyond its database's name; thread-safe.
 */
final class PgFence implements TurnFence {

    private final String database;

    PgFence(String database) {
        this.database = database;
    }

    /** Token 0 is the lease of one process, which this store never hands out. */
    @Override
    public Fenced fenceFor(TurnLock.Lease lease) {
        if (lease.token() < 1) {
            throw new IllegalArgumentException("not a turn lease of the database " + database + ": token "
                    + lease.token());
        }
        return (tx, answers) -> fence(tx, lease, answers);
    }

    /**
     * Checks the turn's fencing token and extends its lease, and records the user message {@code answers} (if any) as
     * answered, in one statement that locks the thread's row before anything else of the write. A token that is no
     * longer current means another node took the lease, or the thread was deleted and opened again (its tokens start
     * above every token its earlier rows handed out: {@link PgThreadStore}): the write stops here.
     */
    private void fence(Transaction tx, TurnLock.Lease lease, String answers) throws SQLException {
        String threadId = lease.threadId();
        PreparedStatement s = tx.prepare("""
                UPDATE threads SET
                  lease_until = now() + lease_ms * interval '1 millisecond',
                  answered_seq = greatest(answered_seq, coalesce((SELECT seq FROM events
                      WHERE thread_id = ? AND message_id = ? AND role = 'user'), 0))
                WHERE thread_id = ? AND lease_token = ?""");
        s.setString(1, threadId);
        s.setString(2, answers);
        s.setString(3, threadId);
        s.setLong(4, lease.token());
        if (s.executeUpdate() == 1) {
            return;
        }
        PreparedStatement exists = tx.prepare("SELECT 1 FROM threads WHERE thread_id = ?");
        exists.setString(1, threadId);
        try (ResultSet r = exists.executeQuery()) {
            if (r.next()) {
                throw new FencedOut(threadId, lease.token());
            }
        }
        throw new ChatException("thread " + threadId + " is not stored: it was deleted, or never opened", false);
    }

    /**
     * While a node's turn holds the thread's lease, by the database's clock, with a message not yet answered, the
     * builder's changes would start from a draft without the change by hand. The node that runs it may not be this
     * one, and only stored events cross nodes, so its status may not have reached this node.
     */
    @Override
    public void refuseWhileATurnRuns(Transaction tx, String threadId) throws SQLException {
        PreparedStatement s = tx.prepare("SELECT lease_until > now() AND last_user_seq > answered_seq "
                + "FROM threads WHERE thread_id = ?");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            if (r.next() && r.getBoolean(1)) {
                throw new TurnRunning(threadId);
            }
        }
    }
}
