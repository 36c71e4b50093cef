package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.jdbc.Reads;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link PgThreadStore} adds for the nodes that share its database: the turn lease in the thread's row, the
 * thread read again without an insert, and the sweep for threads waiting for a turn. Stateless beyond its parts;
 * thread-safe.
 */
final class PgCluster implements ClusterStore {

    private final Reads reads;
    private final PgTurnLock lock;

    PgCluster(Reads reads, PgTurnLock lock) {
        this.reads = reads;
        this.lock = lock;
    }

    @Override
    public TurnLock turnLock() {
        return lock;
    }

    /** One read, no insert: the node has opened the thread before, so it exists. */
    @Override
    public StoredThread readThread(String threadId) {
        return reads.read(s -> PgThreadStore.selectThread(s, threadId));
    }

    @Override
    public boolean leaseHeld(String threadId) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("SELECT lease_until > now() FROM threads WHERE thread_id = ?");
            select.setString(1, threadId);
            try (ResultSet r = select.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        });
    }

    /** Skips rows another node is updating right now (its acquisition or write), rather than wait for them. */
    @Override
    public List<String> threadsWaitingForATurn(int limit) {
        return reads.read(s -> {
            PreparedStatement select = s.prepare("""
                    SELECT thread_id FROM threads
                    WHERE last_user_seq > answered_seq AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY lease_until NULLS FIRST LIMIT ? FOR UPDATE SKIP LOCKED""");
            select.setInt(1, limit);
            List<String> waiting = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    waiting.add(r.getString(1));
                }
            }
            return waiting;
        });
    }
}
