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
import dev.agentbuilder.chat.jdbc.ThreadListing;
import dev.agentbuilder.chat.jdbc.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The thread store on PostgreSQL, the source of truth when several nodes serve the same threads: the
 * {@link JdbcThreadStore} with PostgreSQL's own ways. A thread is a row (owner, current draft, seq counter, turn
 * lease, listing) and an event log. Every event is inserted in the transaction that raises its thread's counter (an
 * update that also keeps the listing), so the row lock orders the thread's writers on every node and seqs have no
 * gaps; a clientMessageId is unique per thread in the database itself. Writes go through the group-commit writer on {@value #WRITER_STRANDS} strands (a thread's writes
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

    /**
     * Only one node answers {@link #idleThreads} at a time: the one that holds this transaction-scoped advisory lock
     * ("chatidle").
     */
    static final long IDLE_LOCK = 0x63686174_69646c65L;
    /** Orders the deletions that move the start of new threads' lease tokens ("chattokn"): see {@link #deleteThread}. */
    static final long TOKEN_FLOOR_LOCK = 0x63686174_746f6b6eL;

    /** Timestamps as {@code timestamptz}, by the database's clock; JSON through its text operators. */
    private static final SqlDialect SQL = new SqlDialect() {
        @Override
        public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        }

        @Override
        public Instant readTime(ResultSet row, int column) throws SQLException {
            return row.getObject(column, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MILLIS);
        }

        /** The time of the transaction: its events share one, and the database's clock judges for every node. */
        @Override
        public String now() {
            return "date_trunc('milliseconds', now())";
        }

        @Override
        public String nowPlusMillis() {
            return "date_trunc('milliseconds', now()) + ? * interval '1 millisecond'";
        }

        @Override
        public String later(String a, String b) {
            return "greatest(" + a + ", " + b + ")";
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
        PgChatMemory.warmUp();
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
            insertThread(s, threadId, userId);
            return selectThread(s, threadId);
        });
    }

    /**
     * Stores the thread, owned by {@code owner}, unless it is stored already. Its times, and the start of its lease
     * tokens, are the columns' defaults: the database's clock, and the sequence {@code thread_token_bases}.
     */
    private static void insertThread(Statements s, String threadId, String owner) throws SQLException {
        PreparedStatement insert = s.prepare("INSERT INTO threads (thread_id, owner_user_id) VALUES (?, ?) "
                + "ON CONFLICT (thread_id) DO NOTHING");
        insert.setString(1, threadId);
        insert.setString(2, owner);
        insert.executeUpdate();
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

    /**
     * Raises the thread's counter; its row stays locked until the transaction ends. The listing waits for the insert
     * ({@link #userMessageStored}): a resend changes nothing.
     */
    @Override
    protected long nextUserMessageSeq(Transaction tx, String threadId, String owner) throws SQLException {
        PreparedStatement s = tx.prepare(
                "UPDATE threads SET last_seq = last_seq + 1 WHERE thread_id = ? RETURNING last_seq");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
                return r.getLong(1);
            }
        }
        insertThread(tx, threadId, owner);
        return single(s, threadId);
    }

    /** The thread waits for a turn, and its listing shows the message: one update of the row, locked already. */
    @Override
    protected void userMessageStored(Transaction tx, String threadId, long seq, ThreadListing.MessageText text)
            throws SQLException {
        PreparedStatement s = tx.prepare("UPDATE threads SET last_user_seq = greatest(last_user_seq, ?), "
                + listing.messageSet() + " WHERE thread_id = ?");
        s.setLong(1, seq);
        s.setString(listing.bindMessage(s, 2, text), threadId);
        s.executeUpdate();
    }

    /** Raises the counter and updates the listing, in one statement. */
    @Override
    protected long nextReplySeq(Transaction tx, String threadId, ThreadListing.MessageText text)
            throws SQLException {
        PreparedStatement s = tx.prepare("UPDATE threads SET last_seq = last_seq + 1, " + listing.messageSet()
                + " WHERE thread_id = ? RETURNING last_seq");
        s.setString(listing.bindMessage(s, 1, text), threadId);
        return single(s, threadId);
    }

    /** Raises the counter, makes {@code draft} the thread's draft and updates the listing, in one statement. */
    @Override
    protected long nextDraftSeq(Transaction tx, String threadId, AgentDraft draft, String json) throws SQLException {
        PreparedStatement s = tx.prepare("UPDATE threads SET last_seq = last_seq + 1, draft = ?, "
                + listing.draftSet() + " WHERE thread_id = ? RETURNING last_seq");
        s.setString(1, json);
        s.setString(listing.bindDraft(s, 2, draft), threadId);
        return single(s, threadId);
    }

    /** The thread's row is locked by this transaction, so nobody took a later seq. */
    @Override
    protected void giveBackSeq(Transaction tx, String threadId) throws SQLException {
        PreparedStatement s = tx.prepare("UPDATE threads SET last_seq = last_seq - 1 WHERE thread_id = ?");
        s.setString(1, threadId);
        s.executeUpdate();
    }

    /**
     * Locks the thread's row first, as its writers on every node do, so the deletion comes after the writes that
     * locked it before and the writes after it find no row. A turn that held the lease of the deleted row may still
     * write once the id is opened again, with a token the new row would hand out too: so the sequence new rows take
     * their first token from is moved past every token the deleted row handed out, and a new row's tokens are all
     * higher. Deletions do that one at a time (an advisory lock until their commit), or one could move the sequence
     * back below another's.
     */
    @Override
    protected boolean deleteThread(Transaction tx, String threadId) throws SQLException {
        PreparedStatement row = tx.prepare("SELECT lease_token FROM threads WHERE thread_id = ? FOR UPDATE");
        row.setString(1, threadId);
        Long token = null;
        try (ResultSet r = row.executeQuery()) {
            if (r.next()) {
                token = r.getLong(1);
            }
        }
        if (token != null) {
            PreparedStatement lock = tx.prepare("SELECT pg_advisory_xact_lock(?)");
            lock.setLong(1, TOKEN_FLOOR_LOCK);
            lock.execute();
            PreparedStatement floor = tx.prepare("SELECT setval('thread_token_bases', greatest(last_value, ?)) "
                    + "FROM thread_token_bases");
            floor.setLong(1, token);
            floor.execute();
        }
        return super.deleteThread(tx, threadId);
    }

    /**
     * Only the node that gets the advisory lock {@link #IDLE_LOCK} answers, in the transaction of its read; another
     * node asking meanwhile gets an empty list, so that nodes running their retention together do not all delete the
     * same threads. The lock lasts as long as the read: a node asking a moment later answers too (a deletion of a
     * thread deleted already does nothing).
     */
    @Override
    protected List<String> idleThreads(Instant before, int limit) {
        return reads.read(session -> {
            Connection c = session.connection();
            c.setAutoCommit(false);
            try {
                PreparedStatement lock = session.prepare("SELECT pg_try_advisory_xact_lock(?)");
                lock.setLong(1, IDLE_LOCK);
                boolean mine;
                try (ResultSet r = lock.executeQuery()) {
                    mine = r.next() && r.getBoolean(1);
                }
                List<String> idle = mine ? listing.idleSince(session, before, limit) : List.of();
                c.commit();
                return idle;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
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
