package dev.agentbuilder.chat.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ClusterStore.FencedOut;
import dev.agentbuilder.chat.core.spi.ClusterStore.TurnRunning;
import dev.agentbuilder.chat.core.spi.MessageJson;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.ChatMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.postgresql.Driver;

/**
 * The thread store on PostgreSQL, the source of truth when several nodes serve the same threads. A thread is a row
 * (owner, current draft, seq counter) and an event log. Every event is inserted in the transaction that raises its
 * thread's counter, so the row lock orders the thread's writers on every node and seqs have no gaps; a
 * clientMessageId is unique per thread in the database itself. Writes go through {@link PgWriter} (a thread's writes
 * in call order, group commit per strand), reads through the pool. Nothing of a thread is cached here. Its
 * {@link ClusterStore} ({@link PgCluster}) holds the turn lease in the thread's row.
 *
 * <p>Thread-safe.
 */
public final class PgThreadStore implements ThreadStore {

    private static final String MESSAGE = "message";
    private static final String AGENT_UPDATED = "agent_updated";
    private static final int WRITER_STRANDS = 4;
    private static final int READ_CONNECTIONS = 8;

    private final String database;
    private final HikariDataSource dataSource;
    private final PgWriter writer;
    private final PgReads reads;
    private final PgChatMemory chatMemory;
    private final PgTurnLock lock;
    private final PgCluster cluster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PgThreadStore(String database, HikariDataSource dataSource, String nodeId, Duration lease) {
        this.database = database;
        this.dataSource = dataSource;
        this.writer = new PgWriter(dataSource, database, WRITER_STRANDS);
        this.reads = new PgReads(dataSource, database);
        this.chatMemory = new PgChatMemory(reads);
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
        String database = describe(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("chat-postgres");
        config.setMaximumPoolSize(WRITER_STRANDS + READ_CONNECTIONS);
        config.setConnectionTimeout(5_000);
        // A database that stops answering without closing the connection (frozen, or cut off by the network): a
        // statement gives up after 30 s rather than hold its writer strand, and the threads behind it, for ever.
        // Parameters in the URL win over these.
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A stalled node must not hold a thread's row lock for long, nor wait for one for ever. Our transactions
        // never wait between statements (no model call, no client, runs inside one), so a transaction idle for a
        // second belongs to a node that is paused or cut off: the server ends it, and its locks, well within a turn
        // lease, and the node's turn is fenced out when it wakes.
        config.setConnectionInitSql("SET lock_timeout = '5s'; SET idle_in_transaction_session_timeout = '1s'");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ChatException("cannot reach the database " + database + ": " + PgErrors.describe(rootCause(e)),
                    e, false);
        }
        try {
            migrate(jdbcUrl, password);
        } catch (FlywayException | ChatException e) {
            dataSource.close();
            throw new ChatException("cannot use the database " + database + ": " + PgErrors.describe(e), e, false);
        }
        PgThreadStore store = new PgThreadStore(database, dataSource, nodeId, lease);
        try {
            store.lock.releaseEarlierIncarnations();
        } catch (ChatException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Creates or upgrades the schema; refuses a database that a newer server upgraded. On connections of its own,
     * without the pool's session settings: nodes starting together wait for each other's migration in an open
     * transaction (Flyway's advisory lock), which the pool's idle-transaction timeout would end.
     */
    private static void migrate(String jdbcUrl, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("chat-postgres-migration");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(5_000);
        try (HikariDataSource migrations = new HikariDataSource(config)) {
            migrate(migrations);
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:dev/agentbuilder/chat/postgres/migration")
                .load();
        MigrationInfoService info = flyway.info();
        for (MigrationInfo applied : info.applied()) {
            MigrationState state = applied.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                throw new ChatException("it has schema version " + applied.getVersion() + ", newer than this server "
                        + "understands; upgrade the server", false);
            }
        }
        flyway.migrate();
    }

    /** HOST:PORT/DB of a JDBC URL: what messages name, without the user or password. */
    public static String describe(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, null);
        if (p == null) {
            throw new ChatException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB): "
                    + jdbcUrl.replaceAll("\\?.*", "?..."), false);
        }
        return p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT") + "/" + p.getProperty("PGDBNAME");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** HOST:PORT/DB. */
    public String database() {
        return database;
    }

    @Override
    public StoredThread openThread(String threadId, String userId) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO threads (thread_id, owner_user_id) "
                    + "VALUES (?, ?) ON CONFLICT (thread_id) DO NOTHING")) {
                s.setString(1, threadId);
                s.setString(2, userId);
                s.executeUpdate();
            }
            return selectThread(c, threadId);
        });
    }

    static StoredThread selectThread(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT owner_user_id, draft, last_seq FROM threads WHERE thread_id = ?")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new ChatException("thread " + threadId + " is not stored", true);
                }
                String draft = r.getString(2);
                return new StoredThread(threadId, r.getString(1),
                        draft == null ? AgentDraft.empty() : DraftJson.fromJson(draft), r.getLong(3));
            }
        }
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT seq, type, payload FROM events "
                    + "WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                s.setString(1, threadId);
                s.setLong(2, afterSeq);
                s.setInt(3, limit);
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        events.add(event(r.getLong(1), r.getString(2), r.getString(3)));
                    }
                }
                return events;
            }
        });
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return reads.read(c -> Optional.ofNullable(byClientMessageId(c, threadId, clientMessageId)));
    }

    private static StoredEvent byClientMessageId(Connection c, String threadId, String clientMessageId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, type, payload FROM events WHERE thread_id = ? AND client_message_id = ?")) {
            s.setString(1, threadId);
            s.setString(2, clientMessageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? event(r.getLong(1), r.getString(2), r.getString(3)) : null;
            }
        }
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        if (message.role() != Role.USER) {
            throw new IllegalArgumentException("not a user message: " + message.id());
        }
        // No chat memory here: it changes only under a turn lease, so it is written with the turn's fenced writes,
        // and a node that lost its lease can never write its stale memory with a user message.
        return writer.submit(threadId, (c, hooks) -> {
            long seq = nextSeq(c, threadId, message.userId());
            if (insertMessage(c, threadId, seq, message)) {
                markWaiting(c, threadId, seq);
                return new UserMessageAppend(new MessageAdded(seq, message), false);
            }
            // The unique index refused it: a resend, to this node or another. Give the seq back (the thread's row
            // is locked by this transaction, so nobody took a later one) and answer with the original.
            giveBackSeq(c, threadId);
            StoredEvent original = byClientMessageId(c, threadId, message.clientMessageId());
            if (original == null) {
                throw new ChatException("seq " + seq + " of thread " + threadId + " is taken, but its counter said "
                        + "it was free; the database was changed by hand", false);
            }
            return new UserMessageAppend(original, true);
        });
    }

    @Override
    public Optional<ClusterStore> cluster() {
        return Optional.of(cluster);
    }

    /**
     * Every write checks the lease's token in the statement that locks the thread's row, and extends the lease; a
     * token that is no longer current writes nothing.
     *
     * @throws IllegalArgumentException for a lease this store's {@link ClusterStore#turnLock} did not hand out
     */
    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        if (lease.token() < 1) {
            throw new IllegalArgumentException("not a turn lease of the database " + database + ": token "
                    + lease.token());
        }
        String threadId = lease.threadId();
        long fence = lease.token();
        return new TurnWriter() {
            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                return appendAssistantMessage(threadId, reply, fence, memories);
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                return PgThreadStore.this.appendDrafts(threadId, drafts, fence, memories);
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return PgThreadStore.this.markTurnFailed(threadId, userMessageId, fence, memories);
            }
        };
    }

    private CompletableFuture<MessageAdded> appendAssistantMessage(String threadId, ThreadMessage message, long fence,
            ChatMemories memories) {
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("not an assistant message: " + message.id());
        }
        return writer.submit(threadId, (c, hooks) -> {
            fence(c, threadId, fence, message.replyTo());
            chatMemory.write(c, memories);
            long seq = nextSeq(c, threadId, null);
            if (!insertMessage(c, threadId, seq, message)) {
                throw new ChatException("seq " + seq + " of thread " + threadId + " is taken, but its counter said "
                        + "it was free; the database was changed by hand", false);
            }
            return new MessageAdded(seq, message);
        });
    }

    private CompletableFuture<List<AgentUpdated>> appendDrafts(String threadId, List<AgentDraft> drafts, long fence,
            ChatMemories memories) {
        List<String> json = drafts.stream().map(DraftJson::toJson).toList();
        return writer.submit(threadId, (c, hooks) -> {
            fence(c, threadId, fence, null);
            // A node that has not heard yet of another node's change by hand must not store its own changes under
            // version numbers already taken: versions only rise.
            long current = lockedDraftVersion(c, threadId);
            if (current >= drafts.get(0).version()) {
                throw new VersionConflict(threadId, current);
            }
            chatMemory.write(c, memories);
            List<AgentUpdated> events = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                long seq = insertDraftEvent(c, threadId, json.get(i), json.get(i), null);
                events.add(new AgentUpdated(seq, drafts.get(i)));
            }
            return events;
        });
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        String stored = DraftJson.toStoredJson(draft, source);
        String current = DraftJson.toJson(draft);
        // No chat memory here, as with user messages: it is written only under the turn lease.
        return writer.submit(threadId, (c, hooks) -> {
            // The row lock first: a resend to another node waits for this write and then finds it.
            long version = lockedDraftVersion(c, threadId);
            if (clientMessageId != null) {
                StoredEvent original = byClientMessageId(c, threadId, clientMessageId);
                if (original != null) {
                    return new DraftAppend(original, true);
                }
            }
            if (turnUnderWay(c, threadId)) {
                throw new TurnRunning(threadId);
            }
            if (version != draft.version() - 1) {
                throw new VersionConflict(threadId, version);
            }
            long seq = insertDraftEvent(c, threadId, current, stored, clientMessageId);
            return new DraftAppend(new AgentUpdated(seq, draft, source), false);
        });
    }

    /**
     * Takes the thread's next seq, makes {@code draft} its current draft, and stores the {@code agent_updated} event
     * ({@code payload}) at that seq; returns the seq. The caller holds the thread's row lock.
     */
    private static long insertDraftEvent(Connection c, String threadId, String draft, String payload,
            String clientMessageId) throws SQLException {
        long seq;
        try (PreparedStatement s = c.prepareStatement("UPDATE threads SET last_seq = last_seq + 1, draft = ? "
                + "WHERE thread_id = ? RETURNING last_seq")) {
            s.setString(1, draft);
            s.setString(2, threadId);
            seq = single(s, threadId);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, "
                + "created_at, client_message_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, AGENT_UPDATED);
            s.setString(4, payload);
            s.setTimestamp(5, Timestamp.from(Instant.now()));
            s.setString(6, clientMessageId);
            s.executeUpdate();
        }
        return seq;
    }

    /**
     * Whether a node's turn holds the thread's lease, by the database's clock, with a message not yet answered: the
     * builder's changes would start from a draft without the change by hand. The node that runs it may not be this
     * one, and only stored events cross nodes, so its status may not have reached this node.
     */
    private static boolean turnUnderWay(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT lease_until > now() AND last_user_seq > answered_seq "
                + "FROM threads WHERE thread_id = ?")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        if (version == 0) {
            return Optional.of(AgentDraft.empty());
        }
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT payload FROM events WHERE thread_id = ? AND type = '"
                    + AGENT_UPDATED + "' AND (payload::json ->> 'version')::bigint = ? ORDER BY seq LIMIT 1")) {
                s.setString(1, threadId);
                s.setLong(2, version);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(DraftJson.fromJson(r.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /** Locks the thread's row for the transaction and returns its draft's version. */
    private static long lockedDraftVersion(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT draft FROM threads WHERE thread_id = ? FOR UPDATE")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new ChatException("thread " + threadId + " was never opened", false);
                }
                String draft = r.getString(1);
                return draft == null ? 0 : DraftJson.fromJson(draft).version();
            }
        }
    }

    /**
     * Raises the thread's counter and returns the new seq; the thread's row stays locked until the transaction
     * ends. A thread not stored yet is created first, owned by {@code owner}, when there is one.
     */
    private static long nextSeq(Connection c, String threadId, String owner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE threads SET last_seq = last_seq + 1 WHERE thread_id = ? RETURNING last_seq")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return r.getLong(1);
                }
            }
            if (owner == null) {
                throw new ChatException("thread " + threadId + " was never opened", false);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO threads (thread_id, owner_user_id) "
                    + "VALUES (?, ?) ON CONFLICT (thread_id) DO NOTHING")) {
                insert.setString(1, threadId);
                insert.setString(2, owner);
                insert.executeUpdate();
            }
            return single(s, threadId);
        }
    }

    private static long single(PreparedStatement s, String threadId) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new ChatException("thread " + threadId + " was never opened", false);
            }
            return r.getLong(1);
        }
    }

    /**
     * Checks the turn's fencing token and extends its lease, and records the user message {@code answers} (if any) as
     * answered, in one statement that locks the thread's row before anything else of the write. A token that is no
     * longer current means another node took the lease: the write stops here.
     */
    private static void fence(Connection c, String threadId, long fence, String answers) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE threads SET
                  lease_until = now() + lease_ms * interval '1 millisecond',
                  answered_seq = greatest(answered_seq, coalesce((SELECT seq FROM events
                      WHERE thread_id = ? AND message_id = ? AND role = 'user'), 0))
                WHERE thread_id = ? AND lease_token = ?""")) {
            s.setString(1, threadId);
            s.setString(2, answers);
            s.setString(3, threadId);
            s.setLong(4, fence);
            if (s.executeUpdate() == 1) {
                return;
            }
        }
        if (threadExists(c, threadId)) {
            throw new FencedOut(threadId, fence);
        }
        throw new ChatException("thread " + threadId + " was never opened", false);
    }

    private static boolean threadExists(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM threads WHERE thread_id = ?")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The thread has a user message at {@code seq} waiting for its turn. */
    private static void markWaiting(Connection c, String threadId, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE threads SET last_user_seq = greatest(last_user_seq, ?) WHERE thread_id = ?")) {
            s.setLong(1, seq);
            s.setString(2, threadId);
            s.executeUpdate();
        }
    }

    private static void giveBackSeq(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE threads SET last_seq = last_seq - 1 WHERE thread_id = ?")) {
            s.setString(1, threadId);
            s.executeUpdate();
        }
    }

    /** Inserts the message at {@code seq}; false when a unique index refused it (nothing was written). */
    private static boolean insertMessage(Connection c, String threadId, long seq, ThreadMessage m)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "message_id, role, reply_to, client_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, MESSAGE);
            s.setString(4, MessageJson.write(m));
            s.setTimestamp(5, Timestamp.from(m.createdAt()));
            s.setString(6, m.id());
            s.setString(7, m.role() == Role.USER ? "user" : "assistant");
            s.setString(8, m.replyTo());
            s.setString(9, m.clientMessageId());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * The user messages after the newest answered one, less those answered or failed, in seq order. Turns run in
     * seq order, so a user message before an answered one was answered or failed.
     */
    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return reads.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT u.payload FROM events u
                    WHERE u.thread_id = ? AND u.type = 'message' AND u.role = 'user'
                      AND u.seq > coalesce((SELECT max(q.seq) FROM events q
                                            JOIN events a ON a.thread_id = q.thread_id AND a.reply_to = q.message_id
                                            WHERE q.thread_id = u.thread_id AND q.role = 'user'
                                              AND a.role = 'assistant'), 0)
                      AND NOT EXISTS (SELECT 1 FROM events a WHERE a.thread_id = u.thread_id
                                        AND a.reply_to = u.message_id AND a.role = 'assistant')
                      AND NOT EXISTS (SELECT 1 FROM failed_turns f WHERE f.thread_id = u.thread_id
                                        AND f.message_id = u.message_id)
                    ORDER BY u.seq""")) {
                s.setString(1, threadId);
                List<ThreadMessage> unanswered = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        unanswered.add(MessageJson.read(r.getString(1)));
                    }
                }
                return unanswered;
            }
        });
    }

    private CompletableFuture<Void> markTurnFailed(String threadId, String userMessageId, long fence,
            ChatMemories memories) {
        return writer.submit(threadId, (c, hooks) -> {
            fence(c, threadId, fence, userMessageId);
            chatMemory.write(c, memories);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO failed_turns (thread_id, message_id) "
                    + "VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, threadId);
                s.setString(2, userMessageId);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean isReachable() {
        try {
            return reads.read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                }
            });
        } catch (ChatException e) {
            return false;
        }
    }

    @Override
    public List<ChatMessage> chatMemory(String memoryId) {
        return chatMemory.read(memoryId);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close();
        } finally {
            dataSource.close();
        }
    }

    private static StoredEvent event(long seq, String type, String payload) {
        return switch (type) {
            case MESSAGE -> new MessageAdded(seq, MessageJson.read(payload));
            case AGENT_UPDATED -> DraftJson.storedEvent(seq, payload);
            default -> throw new IllegalStateException("unknown event type " + type + " at seq " + seq);
        };
    }
}
