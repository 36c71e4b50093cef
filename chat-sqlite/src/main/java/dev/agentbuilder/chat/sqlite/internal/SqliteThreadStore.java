package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.jdbc.EventLog;
import dev.agentbuilder.chat.jdbc.GroupCommitWriter;
import dev.agentbuilder.chat.jdbc.JdbcThreadStore;
import dev.agentbuilder.chat.jdbc.Statements;
import dev.agentbuilder.chat.jdbc.ThreadListing;
import dev.agentbuilder.chat.jdbc.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable thread store: one SQLite database in WAL mode, the {@link JdbcThreadStore} with SQLite's own ways. Each
 * thread is a row (its owner, its listing, its incarnation) and an event log; the current draft is the one in its
 * latest {@code agent_updated} event, so a draft is written once, and a seq is the events' primary key, so an event
 * costs one update of the thread's row (its listing) beside its insert. Writes go through one writer (a single
 * strand, {@code sqlite-writer}, on one connection whose statements are compiled once) with group commit and are
 * committed (and synced, {@code synchronous=FULL}) before their future completes, on the writer; reads use a pool of
 * connections. The heap holds no chat thread's data, only the highest seq of the 10,000 threads written most recently
 * ({@link #lastSeqs}, and the chat memory's own bookkeeping in {@link SqliteChatMemory}), so it does not grow with the
 * number of stored threads. One process: there is no other node to fence out (the data directory's lock keeps it
 * so); a turn writer is held only to its thread's incarnation ({@link SqliteFence}).
 *
 * <p>Thread-safe: writes run on the writer, which alone uses {@link #lastSeqs}; reads on the reader pool;
 * {@link #creating} is a concurrent map.
 */
public final class SqliteThreadStore extends JdbcThreadStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteThreadStore.class);
    private static final int READERS = 4;
    private static final int MAX_BATCH = 512;

    private final String file;
    private final DataDirLock lock;
    private final ReaderPool readers;
    /** Threads whose creation is written but not yet committed. */
    private final ConcurrentHashMap<String, Creation> creating = new ConcurrentHashMap<>();

    /** The highest seq of recently written threads; confined to the writer. */
    private final Map<String, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    };

    /** A thread being created: its owner, and the time of creation its row will hold. */
    private record Creation(String owner, Instant at) {
    }

    private SqliteThreadStore(String file, DataDirLock lock, GroupCommitWriter writer, ReaderPool readers) {
        super(readers, writer, SqliteSql.INSTANCE, new SqliteChatMemory(readers), new SqliteFence(writer));
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
        // No store reads generated keys, and the driver fetched them after every insert by compiling and running a
        // query of its own: a tenth of the writer's time (JFR).
        config.setGetGeneratedKeys(false);
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
     * the thread until it is committed, its listing too. A user message also records its author as the owner if the
     * thread row is missing, so a lost creation cannot hand the thread to someone else.
     */
    @Override
    public StoredThread openThread(String threadId, String userId) {
        Creation pending = creating.get(threadId);
        if (pending != null) {
            return new StoredThread(threadId, pending.owner(), AgentDraft.empty(), 0);
        }
        StoredThread existing = reads.read(s -> selectThread(s, threadId));
        if (existing != null) {
            return existing;
        }
        Creation creation = new Creation(userId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Creation other = creating.putIfAbsent(threadId, creation);
        if (other != null) {
            return new StoredThread(threadId, other.owner(), AgentDraft.empty(), 0);
        }
        writer.submit(threadId, tx -> insertThread(tx, threadId, userId, creation.at()))
                .whenComplete((inserted, failure) -> {
                    creating.remove(threadId, creation);
                    if (failure != null) {
                        log.warn("could not store the new thread {}; its first message will", threadId, failure);
                    }
                });
        return new StoredThread(threadId, userId, AgentDraft.empty(), 0);
    }

    /**
     * Stores the thread, owned by {@code owner} and created {@code at}, unless it is stored already; 1 when it was
     * inserted, else 0. Its incarnation is drawn at random: no two rows of one thread id ever share one.
     */
    private static int insertThread(Transaction tx, String threadId, String owner, Instant at) throws SQLException {
        PreparedStatement insert = tx.prepare("INSERT INTO threads (thread_id, owner_user_id, created_at, "
                + "updated_at, incarnation) VALUES (?, ?, ?, ?, ?) ON CONFLICT (thread_id) DO NOTHING");
        insert.setString(1, threadId);
        insert.setString(2, owner);
        insert.setString(3, SqliteSql.format(at));
        insert.setString(4, SqliteSql.format(at));
        insert.setLong(5, ThreadLocalRandom.current().nextLong());
        return insert.executeUpdate();
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

    /** The version the thread's listing holds, which every draft's event keeps in step: no payload to parse. */
    @Override
    protected long draftVersion(Transaction tx, String threadId) throws SQLException {
        PreparedStatement select = tx.prepare("SELECT agent_version FROM threads WHERE thread_id = ?");
        select.setString(1, threadId);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** The thread is stored first if its row is missing; its listing follows once the message is stored. */
    @Override
    protected long nextUserMessageSeq(Transaction tx, String threadId, String owner) throws SQLException {
        insertThread(tx, threadId, owner, Instant.now());
        return advance(tx, threadId);
    }

    @Override
    protected void userMessageStored(Transaction tx, String threadId, long seq, ThreadListing.MessageText text)
            throws SQLException {
        PreparedStatement update = tx.prepare("UPDATE threads SET " + listing.messageSet() + " WHERE thread_id = ?");
        update.setString(listing.bindMessage(update, 1, text), threadId);
        update.executeUpdate();
    }

    /** The listing's update also tells whether the thread is stored: a turn never creates one. */
    @Override
    protected long nextReplySeq(Transaction tx, String threadId, ThreadListing.MessageText text)
            throws SQLException {
        PreparedStatement update = tx.prepare("UPDATE threads SET " + listing.messageSet() + " WHERE thread_id = ?");
        update.setString(listing.bindMessage(update, 1, text), threadId);
        requireStored(update.executeUpdate(), threadId);
        return advance(tx, threadId);
    }

    /** The draft is the latest event's: only the listing to update. */
    @Override
    protected long nextDraftSeq(Transaction tx, String threadId, AgentDraft draft, String json)
            throws SQLException {
        PreparedStatement update = tx.prepare("UPDATE threads SET " + listing.draftSet() + " WHERE thread_id = ?");
        update.setString(listing.bindDraft(update, 1, draft), threadId);
        requireStored(update.executeUpdate(), threadId);
        return advance(tx, threadId);
    }

    @Override
    protected void giveBackSeq(Transaction tx, String threadId) {
        lastSeqs.put(threadId, lastSeqs.get(threadId) - 1);
    }

    /** The deleted thread's highest seq is forgotten with it: opened again, it starts from 1. */
    @Override
    protected boolean deleteThread(Transaction tx, String threadId) throws SQLException {
        lastSeqs.remove(threadId);
        return super.deleteThread(tx, threadId);
    }

    @Override
    protected List<ThreadInfo> threadsNotYetStored(String userId) {
        List<ThreadInfo> pending = new ArrayList<>();
        creating.forEach((threadId, creation) -> {
            if (creation.owner().equals(userId)) {
                pending.add(fresh(threadId, creation));
            }
        });
        return pending;
    }

    @Override
    protected Optional<ThreadInfo> threadNotYetStored(String threadId) {
        return Optional.ofNullable(creating.get(threadId)).map(creation -> fresh(threadId, creation));
    }

    private static ThreadInfo fresh(String threadId, Creation creation) {
        return new ThreadInfo(threadId, creation.owner(), "", creation.at(), creation.at(), "", 0, null, 0);
    }

    /**
     * The writer is the only one, so nobody takes a seq meanwhile. The last one is remembered, so a seq costs no
     * read either.
     */
    private long advance(Transaction tx, String threadId) throws SQLException {
        long seq = lastSeq(tx, threadId) + 1;
        lastSeqs.put(threadId, seq);
        tx.afterRollback(() -> lastSeqs.remove(threadId));
        return seq;
    }

    /** The thread's highest seq: remembered for recently written threads, else read. */
    private long lastSeq(Transaction tx, String threadId) throws SQLException {
        Long cached = lastSeqs.get(threadId);
        if (cached != null) {
            return cached;
        }
        PreparedStatement s = tx.prepare("SELECT coalesce(max(seq), 0) FROM events WHERE thread_id = ?");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void requireStored(int updated, String threadId) {
        if (updated == 0) {
            throw new ChatException("thread " + threadId + " is not stored: it was deleted, or never opened", false);
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
