package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.jdbc.Reads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn lease in the thread's row, judged by the database's clock: acquiring is a conditional update that raises
 * the fencing token, so two nodes can never both get it, and a node whose lease expired finds its token refused by
 * every write of its turn ({@link PgFence}, whose writes also extend the lease). Stateless beyond its
 * settings; thread-safe.
 */
final class PgTurnLock implements TurnLock {

    private static final Logger log = LoggerFactory.getLogger(PgTurnLock.class);

    private final Reads reads;
    private final String nodeId;
    private final long leaseMillis;

    PgTurnLock(Reads reads, String nodeId, Duration lease) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("the turn lease must be at least 1 ms: " + lease);
        }
        this.reads = reads;
        this.nodeId = nodeId;
        this.leaseMillis = lease.toMillis();
    }

    /**
     * Gives back the leases held in this node's name: a node starting under a stable name (a StatefulSet's pod, a
     * systemd unit) is a new incarnation, and its predecessor's turns can be answered at once, not a lease later.
     * Safe even if another live process wrongly shares the name: its turn is fenced out at its next write, and the
     * message is answered once either way.
     */
    void releaseEarlierIncarnations() {
        int released = reads.read(s -> {
            PreparedStatement update = s.prepare("""
                    UPDATE threads SET lease_owner = NULL, lease_until = NULL
                    WHERE lease_owner = ? AND lease_until IS NOT NULL""");
            update.setString(1, nodeId);
            return update.executeUpdate();
        });
        if (released > 0) {
            log.info("gave back {} turn lease(s) an earlier run of node {} held; their turns are answered now",
                    released, nodeId);
        }
    }

    @Override
    public Optional<Lease> tryAcquire(String threadId) {
        return reads.read(s -> {
            PreparedStatement update = s.prepare("""
                    UPDATE threads SET lease_owner = ?, lease_token = lease_token + 1, lease_ms = ?,
                      lease_until = now() + ? * interval '1 millisecond'
                    WHERE thread_id = ? AND (lease_until IS NULL OR lease_until < now())
                    RETURNING lease_token""");
            update.setString(1, nodeId);
            update.setLong(2, leaseMillis);
            update.setLong(3, leaseMillis);
            update.setString(4, threadId);
            try (ResultSet r = update.executeQuery()) {
                return r.next() ? Optional.of(new Lease(threadId, r.getLong(1))) : Optional.empty();
            }
        });
    }

    /**
     * Extends a lease that is still this token's, even past its expiry if nobody took it meanwhile. Not waited for on
     * disk: a renewal lost in a crash of the database only makes the lease end sooner, and fencing covers that.
     */
    @Override
    public boolean renew(Lease lease) {
        return unsynced(lease, """
                UPDATE threads SET lease_until = now() + lease_ms * interval '1 millisecond'
                WHERE thread_id = ? AND lease_token = ? AND lease_owner = ?""");
    }

    /**
     * Not waited for on disk either: a release lost in a crash of the database only keeps the lease until it
     * expires. (An acquisition is: a token handed out twice would fence nothing.)
     */
    @Override
    public void release(Lease lease) {
        unsynced(lease, """
                UPDATE threads SET lease_owner = NULL, lease_until = NULL
                WHERE thread_id = ? AND lease_token = ? AND lease_owner = ?""");
    }

    /** Runs an update of this node's lease with {@code synchronous_commit} off: true when it matched the lease. */
    private boolean unsynced(Lease lease, String update) {
        return reads.read(session -> {
            Connection c = session.connection();
            c.setAutoCommit(false);
            try (Statement off = c.createStatement(); PreparedStatement s = c.prepareStatement(update)) {
                off.execute("SET LOCAL synchronous_commit = off");
                s.setString(1, lease.threadId());
                s.setLong(2, lease.token());
                s.setString(3, nodeId);
                boolean matched = s.executeUpdate() == 1;
                c.commit();
                return matched;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /** A third of the lease: two renewals can fail (a slow database) before it expires. */
    @Override
    public Duration renewalInterval() {
        return Duration.ofMillis(Math.max(1, leaseMillis / 3));
    }
}
