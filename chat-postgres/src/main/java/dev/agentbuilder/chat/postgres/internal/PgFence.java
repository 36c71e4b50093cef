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
 * the lease's token in the statement that locks the row, and extends the lease; the row also counts which user
 * messages wait for a turn, for the sweep of {@link PgCluster}. Stateless beyond its database's name; thread-safe.
 */
final class PgFence implements TurnFence {

    private final String database;

    PgFence(String database) {
        this.database = database;
    }

    /** Token 0 is the lease of one process, which this store never hands out. */
    @Override
    public void check(TurnLock.Lease lease) {
        if (lease.token() < 1) {
            throw new IllegalArgumentException("not a turn lease of the database " + database + ": token "
                    + lease.token());
        }
    }

    /**
     * Checks the turn's fencing token and extends its lease, and records the user message {@code answers} (if any) as
     * answered, in one statement that locks the thread's row before anything else of the write. A token that is no
     * longer current means another node took the lease: the write stops here.
     */
    @Override
    public void fence(Transaction tx, TurnLock.Lease lease, String answers) throws SQLException {
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
        throw new ChatException("thread " + threadId + " was never opened", false);
    }

    /** The thread has a user message at {@code seq} waiting for its turn. */
    @Override
    public void userMessageStored(Transaction tx, String threadId, long seq) throws SQLException {
        PreparedStatement s = tx.prepare(
                "UPDATE threads SET last_user_seq = greatest(last_user_seq, ?) WHERE thread_id = ?");
        s.setLong(1, seq);
        s.setString(2, threadId);
        s.executeUpdate();
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
