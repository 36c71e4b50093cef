package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.jdbc.EventLog;
import dev.agentbuilder.chat.jdbc.GroupCommitWriter;
import dev.agentbuilder.chat.jdbc.JdbcThreadStore;
import dev.agentbuilder.chat.jdbc.SqlDialect;
import dev.agentbuilder.chat.jdbc.Statements;
import dev.agentbuilder.chat.jdbc.Transaction;
import dev.agentbuilder.chat.jdbc.TurnFence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sqlite.SQLiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable thread store: one SQLite database in WAL mode, the {@link JdbcThreadStore} with SQLite's own ways. Each
 * thread is a row (its owner) and an event log; the current draft is the one in its latest {@code agent_updated}
 * event, so a draft is written once, and a seq is the events' primary key, so an event costs no write to the
 * thread's row. Writes go through one writer (a single strand, {@code sqlite-writer}, on one connection whose
 * statements are compiled once) with group commit and are committed (and synced, {@code synchronous=FULL}) before
 * their future completes, on the writer; reads use a pool of connections. The heap holds no chat thread's data, only
 * the highest seq of the 10,000 threads written most recently ({@link #lastSeqs}, and the chat memory's own
 * bookkeeping in {@link SqliteChatMemory}), so it does not grow with the number of stored threads. One process: there
 * is no other writer to fence out ({@link TurnFence#NONE}), and the data directory's lock keeps it so.
 *
 * <p>Thread-safe: writes run on the writer, which alone uses {@link #lastSeqs}; reads on the reader pool;
 * {@link #creating} is a concurrent map.
 */
public final class SqliteThreadStore extends JdbcThreadStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteThreadStore.class);
    private static final int READERS = 4;
    private static final int MAX_BATCH = 512;

    /** Timestamps as ISO-8601 text, as {@link Instant} prints them; JSON through SQLite's json1 functions. */
    private static final SqlDialect SQL = new SqlDialect() {
        @Override
        public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setString(index, time.toString());
        }

        @Override
        public String jsonLong(String column, String field) {
            return "json_extract(" + column + ", '$." + field + "')";
        }
    };

    private final String file;
    private final DataDirLock lock;
    private final ReaderPool readers;
    /** Threads whose creation is written but not yet committed, with their owners. */
    private final ConcurrentHashMap<String, String> creating = new ConcurrentHashMap<>();

    /** The highest seq of recently written threads; confined to the writer. */
    private final Map<String, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    };

    private SqliteThreadStore(String file, DataDirLock lock, GroupCommitWriter writer, ReaderPool readers) {
        super(readers, writer, SQL, new SqliteChatMemory(readers), TurnFence.NONE);
        this.file = file;
        this.lock = lock;
        this.readers = readers;
    }

    /**
     * Opens (creating or upgrading) {@code dataDir/chat.db}.
     *
     * @param maxDatabaseBytes a size limit past which writes fail as on a full disk; 0 for none
     */
    public static SqliteThreadStore open(Path dataDir, long maxDatabaseBytes) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ChatException("cannot create the data directory " + dir + ": " + DataDirLock.describe(e), e,
                    false);
        }
        Path path = dir.resolve("chat.db");
        String file = path.toString();
        DataDirLock lock = DataDirLock.acquire(dir.resolve("chat.db.lock"));
        List<Connection> opened = new ArrayList<>();
        try {
            Connection write = connect(file, opened);
            try (Statement s = write.createStatement()) {
                if (maxDatabaseBytes > 0) {
                    // The pragma answers with a row; its cursor must be closed, or a migration that drops an
                    // index finds the schema locked.
                    s.executeQuery("PRAGMA max_page_count = " + Math.max(1, maxDatabaseBytes / pageSize(write)))
                            .close();
                }
                Schema.migrate(write, file);
                // Fail now, not at the first message, when the file or its directory cannot be written: an empty
                // transaction writes nothing, so rewrite the header's schema version, a committed one-page write.
                s.execute("PRAGMA user_version = " + Schema.version(write));
            }
            List<Connection> reads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection read = connect(file, opened);
                try (Statement s = read.createStatement()) {
                    s.execute("PRAGMA query_only = true");
                }
                reads.add(read);
            }
            SqliteDatabase database = new SqliteDatabase(file);
            return new SqliteThreadStore(file, lock,
                    GroupCommitWriter.onConnection(write, "sqlite-writer", MAX_BATCH, database),
                    new ReaderPool(reads, database));
        } catch (SQLException e) {
            opened.forEach(SqliteThreadStore::closeQuietly);
            lock.close();
            throw new ChatException("cannot use the database " + file + ": " + e.getMessage(), e, false);
        }
    }

    private static Connection connect(String file, List<Connection> opened) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setCacheSize(-16_384); // KiB: the pages of live threads stay in memory
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        opened.add(c);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            if (!r.next() || !"wal".equalsIgnoreCase(r.getString(1))) {
                throw new SQLException("could not switch " + file + " to WAL mode");
            }
        }
        return c;
    }

    private static long pageSize(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA page_size")) {
            return r.next() ? r.getLong(1) : 4096;
        }
    }

    /** The database file. */
    public String file() {
        return file;
    }

    /**
     * A thread not stored yet is created without waiting for its commit: a new conversation's {@code ready} promises
     * nothing durable, and waiting made every new thread one commit (a sync) on the path of a connect. The creation
     * is written before anything else of the thread (one writer, in call order), and {@link #creating} answers for
     * the thread until it is committed. A user message also records its author as the owner if the thread row is
     * missing, so a lost creation cannot hand the thread to someone else.
     */
    @Override
    public StoredThread openThread(String threadId, String userId) {
        String creatingOwner = creating.get(threadId);
        if (creatingOwner != null) {
            return new StoredThread(threadId, creatingOwner, AgentDraft.empty(), 0);
        }
        StoredThread existing = reads.read(s -> selectThread(s, threadId));
        if (existing != null) {
            return existing;
        }
        String owner = creating.putIfAbsent(threadId, userId);
        if (owner != null) {
            return new StoredThread(threadId, owner, AgentDraft.empty(), 0);
        }
        writer.submit(threadId, tx -> eventLog.insertThread(tx, threadId, userId)).whenComplete((inserted, failure) -> {
            creating.remove(threadId, userId);
            if (failure != null) {
                log.warn("could not store the new thread {}; its first message will", threadId,
                        failure);
            }
        });
        return new StoredThread(threadId, userId, AgentDraft.empty(), 0);
    }

    /** The thread's owner, its draft (the one in its latest {@code agent_updated} event) and its highest seq. */
    private static StoredThread selectThread(Statements s, String threadId) throws SQLException {
        PreparedStatement select = s.prepare("SELECT owner_user_id, "
                + "(SELECT payload FROM events WHERE events.thread_id = threads.thread_id AND type = '"
                + EventLog.AGENT_UPDATED + "' ORDER BY seq DESC LIMIT 1), "
                + "(SELECT coalesce(max(seq), 0) FROM events WHERE events.thread_id = threads.thread_id) "
                + "FROM threads WHERE thread_id = ?");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            if (!r.next()) {
                return null;
            }
            String draft = r.getString(2);
            return new StoredThread(threadId, r.getString(1),
                    draft == null ? AgentDraft.empty() : DraftJson.fromJson(draft), r.getLong(3));
        }
    }

    /** The version of the draft in the thread's latest {@code agent_updated} event. */
    @Override
    protected long draftVersion(Transaction tx, String threadId) throws SQLException {
        PreparedStatement select = tx.prepare("SELECT payload FROM events WHERE thread_id = ? AND type = '"
                + EventLog.AGENT_UPDATED + "' ORDER BY seq DESC LIMIT 1");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? DraftJson.fromJson(r.getString(1)).version() : 0;
        }
    }

    /**
     * The writer is the only one, so nobody takes a seq meanwhile. The last one is remembered, so a seq costs no
     * read either; a thread of a user message is stored first if its row is missing.
     */
    @Override
    protected long nextSeq(Transaction tx, String threadId, String owner) throws SQLException {
        if (owner != null) {
            eventLog.insertThread(tx, threadId, owner);
        }
        long seq = lastSeq(tx, threadId) + 1;
        lastSeqs.put(threadId, seq);
        tx.afterRollback(() -> lastSeqs.remove(threadId));
        return seq;
    }

    /** The draft is the latest event's: nothing else to write. */
    @Override
    protected long nextDraftSeq(Transaction tx, String threadId, String draft) throws SQLException {
        return nextSeq(tx, threadId, null);
    }

    @Override
    protected void giveBackSeq(Transaction tx, String threadId) {
        lastSeqs.put(threadId, lastSeqs.get(threadId) - 1);
    }

    /** The thread's highest seq: remembered for recently written threads, else read (and checked to exist). */
    private long lastSeq(Transaction tx, String threadId) throws SQLException {
        Long cached = lastSeqs.get(threadId);
        if (cached != null) {
            return cached;
        }
        PreparedStatement s = tx.prepare("SELECT EXISTS (SELECT 1 FROM threads WHERE thread_id = ?), "
                + "(SELECT coalesce(max(seq), 0) FROM events WHERE thread_id = ?)");
        s.setString(1, threadId);
        s.setString(2, threadId);
        try (ResultSet r = s.executeQuery()) {
            r.next();
            if (!r.getBoolean(1)) {
                throw new ChatException("thread " + threadId + " was never opened", false);
            }
            return r.getLong(2);
        }
    }

    @Override
    protected void closeResources() {
        readers.close();
        lock.close();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing anyway.
        }
    }
}
