package dev.agentbuilder.chat.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.jdbc.GroupCommitWriter;
import dev.agentbuilder.chat.jdbc.JdbcThreadStore;
import dev.agentbuilder.chat.jdbc.SqlDialect;
import dev.agentbuilder.chat.jdbc.Statements;
import dev.agentbuilder.chat.jdbc.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The thread store on PostgreSQL, the source of truth when several nodes serve the same threads: the
 * {@link JdbcThreadStore} with PostgreSQL's own ways. A thread is a row (owner, current draft, seq counter, turn
 * lease) and an event log. Every event is inserted in the transaction that raises its thread's counter, so the row
 * lock orders the thread's writers on every node and seqs have no gaps; a clientMessageId is unique per thread in the
 * database itself. Writes go through the group-commit writer on {@value #WRITER_STRANDS} strands (a thread's writes
 * in call order), reads through the pool. Nothing of a thread is cached here. Every write of a turn is fenced by its
 * lease's token ({@link PgFence}); its {@link ClusterStore} ({@link PgCluster}) holds the turn lease in the thread's
 * row.
 *
 * <p>Thread-safe: writes run on the writer's strands, reads on pooled connections; nothing here is mutable.
 */
public final class PgThreadStore extends JdbcThreadStore {

    private static final int WRITER_STRANDS = 4;
    private static final int READ_CONNECTIONS = 8;
    private static final int MAX_BATCH = 256;

    /** Timestamps as {@code timestamptz}; JSON through its text operators. */
    private static final SqlDialect SQL = new SqlDialect() {
        @Override
        public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setTimestamp(index, Timestamp.from(time));
        }

        @Override
        public String jsonLong(String column, String field) {
            return "(" + column + "::json ->> '" + field + "')::bigint";
        }
    };

    private final PgDatabase database;
    private final HikariDataSource dataSource;
    private final PgTurnLock lock;
    private final PgCluster cluster;

    private PgThreadStore(PgDatabase database, HikariDataSource dataSource, PgReads reads, String nodeId,
            Duration lease) {
        super(reads, GroupCommitWriter.onPool(dataSource, "postgres-writer", WRITER_STRANDS, MAX_BATCH, database),
                SQL, new PgChatMemory(reads), new PgFence(database.name()));
        this.database = database;
        this.dataSource = dataSource;
        this.lock = new PgTurnLock(reads, nodeId, lease);
        this.cluster = new PgCluster(reads, lock);
    }

    /**
     * Connects, then creates or upgrades the schema, and gives back the turn leases an earlier run of this node held.
     * Blocks while it does.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://HOST:PORT/DB?user=U}, possibly with the password
     * @param password the password, or null for the one in the URL (or none)
     * @param nodeId   the name this node takes turn leases in
     * @param lease    how long a turn lease lasts unless renewed (each write of a turn extends it by as much)
     * @throws ChatException naming the database (never the password) when it cannot be reached or used
     */
    public static PgThreadStore open(String jdbcUrl, String password, String nodeId, Duration lease) {
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("the turn lease must be at least 1 ms: " + lease);
        }
        HikariDataSource dataSource = PgSetup.open(jdbcUrl, password, WRITER_STRANDS + READ_CONNECTIONS);
        PgDatabase database = new PgDatabase(describe(jdbcUrl), dataSource);
        PgThreadStore store = new PgThreadStore(database, dataSource, new PgReads(database), nodeId, lease);
        try {
            store.lock.releaseEarlierIncarnations();
        } catch (ChatException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** HOST:PORT/DB of a JDBC URL: what messages name, without the user or password. */
    public static String describe(String jdbcUrl) {
        return PgSetup.describe(jdbcUrl);
    }

    /** HOST:PORT/DB. */
    public String database() {
        return database.name();
    }

    @Override
    public Optional<ClusterStore> cluster() {
        return Optional.of(cluster);
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        return reads.read(s -> {
            eventLog.insertThread(s, threadId, userId);
            return selectThread(s, threadId);
        });
    }

    static StoredThread selectThread(Statements s, String threadId) throws SQLException {
        PreparedStatement select = s.prepare("SELECT owner_user_id, draft, last_seq FROM threads WHERE thread_id = ?");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            if (!r.next()) {
                throw new ChatException("thread " + threadId + " is not stored", true);
            }
            String draft = r.getString(2);
            return new StoredThread(threadId, r.getString(1),
                    draft == null ? AgentDraft.empty() : DraftJson.fromJson(draft), r.getLong(3));
        }
    }

    /** Locks the thread's row for the transaction and returns its draft's version. */
    @Override
    protected long draftVersion(Transaction tx, String threadId) throws SQLException {
        PreparedStatement s = tx.prepare("SELECT draft FROM threads WHERE thread_id = ? FOR UPDATE");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw neverOpened(threadId);
            }
            String draft = r.getString(1);
            return draft == null ? 0 : DraftJson.fromJson(draft).version();
        }
    }

    /** Raises the thread's counter; its row stays locked until the transaction ends. */
    @Override
    protected long nextSeq(Transaction tx, String threadId, String owner) throws SQLException {
        PreparedStatement s = tx.prepare(
                "UPDATE threads SET last_seq = last_seq + 1 WHERE thread_id = ? RETURNING last_seq");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
                return r.getLong(1);
            }
        }
        if (owner == null) {
            throw neverOpened(threadId);
        }
        eventLog.insertThread(tx, threadId, owner);
        return single(s, threadId);
    }

    /** Raises the counter and makes {@code draft} the thread's draft, in one statement. */
    @Override
    protected long nextDraftSeq(Transaction tx, String threadId, String draft) throws SQLException {
        PreparedStatement s = tx.prepare(
                "UPDATE threads SET last_seq = last_seq + 1, draft = ? WHERE thread_id = ? RETURNING last_seq");
        s.setString(1, draft);
        s.setString(2, threadId);
        return single(s, threadId);
    }

    /** The thread's row is locked by this transaction, so nobody took a later seq. */
    @Override
    protected void giveBackSeq(Transaction tx, String threadId) throws SQLException {
        PreparedStatement s = tx.prepare("UPDATE threads SET last_seq = last_seq - 1 WHERE thread_id = ?");
        s.setString(1, threadId);
        s.executeUpdate();
    }

    private static long single(PreparedStatement s, String threadId) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw neverOpened(threadId);
            }
            return r.getLong(1);
        }
    }

    private static ChatException neverOpened(String threadId) {
        return new ChatException("thread " + threadId + " was never opened", false);
    }

    @Override
    protected void closeResources() {
        dataSource.close();
    }
}
