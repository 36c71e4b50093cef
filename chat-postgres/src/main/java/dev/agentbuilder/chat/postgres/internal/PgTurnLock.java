package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.TurnLock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The turn lease in the thread's row, judged by the database's clock: acquiring is a conditional update that raises
 * the fencing token, so two nodes can never both get it, and a node whose lease expired finds its token refused by
 * every write of its turn ({@link PgThreadStore}'s fenced writes, which also extend the lease). Stateless beyond its
 * settings; thread-safe.
 */
final class PgTurnLock implements TurnLock {

    private final PgReads reads;
    private final String nodeId;
    private final long leaseMillis;

    PgTurnLock(PgReads reads, String nodeId, Duration lease) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("the turn lease must be at least 1 ms: " + lease);
        }
        this.reads = reads;
        this.nodeId = nodeId;
        this.leaseMillis = lease.toMillis();
    }

    @Override
    public Optional<Lease> tryAcquire(String threadId) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE threads SET lease_owner = ?, lease_token = lease_token + 1, lease_ms = ?,
                      lease_until = now() + ? * interval '1 millisecond'
                    WHERE thread_id = ? AND (lease_until IS NULL OR lease_until < now())
                    RETURNING lease_token""")) {
                s.setString(1, nodeId);
                s.setLong(2, leaseMillis);
                s.setLong(3, leaseMillis);
                s.setString(4, threadId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Lease(threadId, r.getLong(1))) : Optional.empty();
                }
            }
        });
    }

    /** Extends a lease that is still this token's, even past its expiry if nobody took it meanwhile. */
    @Override
    public boolean renew(Lease lease) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE threads SET lease_until = now() + lease_ms * interval '1 millisecond'
                    WHERE thread_id = ? AND lease_token = ? AND lease_owner = ?""")) {
                s.setString(1, lease.threadId());
                s.setLong(2, lease.token());
                s.setString(3, nodeId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(Lease lease) {
        reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE threads SET lease_owner = NULL, lease_until = NULL
                    WHERE thread_id = ? AND lease_token = ? AND lease_owner = ?""")) {
                s.setString(1, lease.threadId());
                s.setLong(2, lease.token());
                s.setString(3, nodeId);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean sharedAcrossNodes() {
        return true;
    }

    /** A third of the lease: two renewals can fail (a slow database) before it expires. */
    @Override
    public Duration renewalInterval() {
        return Duration.ofMillis(Math.max(1, leaseMillis / 3));
    }

    @Override
    public boolean isHeld(String threadId) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT lease_until > now() FROM threads WHERE thread_id = ?")) {
                s.setString(1, threadId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() && r.getBoolean(1);
                }
            }
        });
    }

    /** Skips rows another node is updating right now (its acquisition or write), rather than wait for them. */
    @Override
    public List<String> threadsWaitingForATurn(int limit) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT thread_id FROM threads
                    WHERE last_user_seq > answered_seq AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY lease_until NULLS FIRST LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                s.setInt(1, limit);
                List<String> waiting = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        waiting.add(r.getString(1));
                    }
                }
                return waiting;
            }
        });
    }
}
