package dev.agentbuilder.chat.core.internal.sqlite;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.internal.DraftJson;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConfig;

/**
 * The durable thread store: one SQLite database in WAL mode. Writes go through one writer thread with group commit
 * and are committed (and synced, {@code synchronous=FULL}) before the call returns; reads use a small pool of
 * connections. Nothing is cached per thread, so the heap does not grow with the number of stored threads.
 * Thread-safe.
 */
public final class SqliteThreadStore implements ThreadStore {

    private static final int READERS = 4;
    private static final String MESSAGE = "message";
    private static final String AGENT_UPDATED = "agent_updated";

    private final String file;
    private final DataDirLock lock;
    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final SqliteChatMemoryStore chatMemory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Checkpointer checkpointer;

    private SqliteThreadStore(String file, DataDirLock lock, SqliteWriter writer, ReaderPool readers,
            Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
        this.file = file;
        this.lock = lock;
        this.writer = writer;
        this.readers = readers;
        this.chatMemory = new SqliteChatMemoryStore(writer, readers);
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
                    s.execute("PRAGMA max_page_count = " + Math.max(1, maxDatabaseBytes / pageSize(write)));
                }
                Schema.migrate(write, file);
                s.execute("PRAGMA wal_autocheckpoint = 0");
                // Fail now, not at the first message, when the file or its directory cannot be written.
                s.execute("BEGIN IMMEDIATE");
                s.execute("COMMIT");
            }
            List<Connection> reads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection read = connect(file, opened);
                try (Statement s = read.createStatement()) {
                    s.execute("PRAGMA query_only = true");
                }
                reads.add(read);
            }
            Checkpointer checkpointer = new Checkpointer(connect(file, opened), file);
            return new SqliteThreadStore(file, lock, new SqliteWriter(write, file), new ReaderPool(reads, file),
                    checkpointer);
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

    @Override
    public StoredThread openThread(String threadId, String userId) {
        StoredThread existing = readers.read(c -> selectThread(c, threadId));
        if (existing != null) {
            return existing;
        }
        return writer.execute(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO threads (thread_id, owner_user_id, draft_json, "
                    + "last_seq, created_at) VALUES (?, ?, ?, 0, ?) ON CONFLICT (thread_id) DO NOTHING")) {
                s.setString(1, threadId);
                s.setString(2, userId);
                s.setString(3, DraftJson.toJson(AgentDraft.empty()));
                s.setString(4, Instant.now().toString());
                s.executeUpdate();
            }
            return selectThread(c, threadId);
        });
    }

    private static StoredThread selectThread(Connection c, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT owner_user_id, draft_json, last_seq FROM threads WHERE thread_id = ?")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return null;
                }
                return new StoredThread(threadId, r.getString(1), DraftJson.fromJson(r.getString(2)), r.getLong(3));
            }
        }
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seq, type, payload FROM events WHERE thread_id = ? AND seq > ? ORDER BY seq")) {
                s.setString(1, threadId);
                s.setLong(2, afterSeq);
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
    public Optional<MessageAdded> findUserMessage(String threadId, String clientMessageId) {
        return readers.read(c -> Optional.ofNullable(selectByClientMessageId(c, threadId, clientMessageId)));
    }

    private static MessageAdded selectByClientMessageId(Connection c, String threadId, String clientMessageId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, payload FROM events WHERE thread_id = ? AND client_message_id = ?")) {
            s.setString(1, threadId);
            s.setString(2, clientMessageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new MessageAdded(r.getLong(1), MessageJson.read(r.getString(2))) : null;
            }
        }
    }

    @Override
    public UserMessageAppend appendUserMessage(String threadId, ThreadMessage message) {
        if (message.role() != Role.USER) {
            throw new IllegalArgumentException("not a user message: " + message.id());
        }
        return writer.execute(c -> {
            chatMemory.write(c, threadId);
            if (message.clientMessageId() != null) {
                MessageAdded original = selectByClientMessageId(c, threadId, message.clientMessageId());
                if (original != null) {
                    return new UserMessageAppend(original, true);
                }
            }
            return new UserMessageAppend(insertMessage(c, threadId, message), false);
        });
    }

    @Override
    public MessageAdded appendAssistantMessage(String threadId, ThreadMessage message) {
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("not an assistant message: " + message.id());
        }
        return writer.execute(c -> {
            chatMemory.write(c, threadId);
            return insertMessage(c, threadId, message);
        });
    }

    private static MessageAdded insertMessage(Connection c, String threadId, ThreadMessage m) throws SQLException {
        long seq = nextSeq(c, threadId, null);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "message_id, role, reply_to, client_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, MESSAGE);
            s.setString(4, MessageJson.write(m));
            s.setString(5, m.createdAt().toString());
            s.setString(6, m.id());
            s.setString(7, m.role() == Role.USER ? "user" : "assistant");
            s.setString(8, m.replyTo());
            s.setString(9, m.clientMessageId());
            s.executeUpdate();
        }
        return new MessageAdded(seq, m);
    }

    @Override
    public List<AgentUpdated> appendDrafts(String threadId, List<AgentDraft> drafts) {
        List<String> json = drafts.stream().map(DraftJson::toJson).toList();
        return writer.execute(c -> {
            chatMemory.write(c, threadId);
            List<AgentUpdated> events = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                long seq = nextSeq(c, threadId, json.get(i));
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO events (thread_id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, threadId);
                    s.setLong(2, seq);
                    s.setString(3, AGENT_UPDATED);
                    s.setString(4, json.get(i));
                    s.setString(5, Instant.now().toString());
                    s.executeUpdate();
                }
                events.add(new AgentUpdated(seq, drafts.get(i)));
            }
            return events;
        });
    }

    /** Takes the thread's next seq (and stores the draft, when given) in the current transaction. */
    private static long nextSeq(Connection c, String threadId, String draftJson) throws SQLException {
        String sql = draftJson == null
                ? "UPDATE threads SET last_seq = last_seq + 1 WHERE thread_id = ?"
                : "UPDATE threads SET last_seq = last_seq + 1, draft_json = ? WHERE thread_id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (draftJson != null) {
                s.setString(i++, draftJson);
            }
            s.setString(i, threadId);
            if (s.executeUpdate() != 1) {
                throw new ChatException("thread " + threadId + " was never opened", false);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM threads WHERE thread_id = ?")) {
            s.setString(1, threadId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Override
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return readers.read(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT u.payload FROM events u
                    WHERE u.thread_id = ? AND u.role = 'user'
                      AND NOT EXISTS (SELECT 1 FROM events a WHERE a.thread_id = u.thread_id
                                      AND a.reply_to = u.message_id)
                      AND NOT EXISTS (SELECT 1 FROM failed_turns f WHERE f.thread_id = u.thread_id
                                      AND f.message_id = u.message_id)
                    ORDER BY u.seq""")) {
                s.setString(1, threadId);
                List<ThreadMessage> messages = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        messages.add(MessageJson.read(r.getString(1)));
                    }
                }
                return messages;
            }
        });
    }

    @Override
    public void markTurnFailed(String threadId, String userMessageId) {
        writer.execute(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO failed_turns (thread_id, message_id, failed_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, threadId);
                s.setString(2, userMessageId);
                s.setString(3, Instant.now().toString());
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public ChatMemoryStore chatMemoryStore() {
        return chatMemory;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        chatMemory.flushAll();
        writer.close();
        readers.close();
        checkpointer.close();
        lock.close();
    }

    private static StoredEvent event(long seq, String type, String payload) {
        return switch (type) {
            case MESSAGE -> new MessageAdded(seq, MessageJson.read(payload));
            case AGENT_UPDATED -> new AgentUpdated(seq, DraftJson.fromJson(payload));
            default -> throw new IllegalStateException("unknown event type " + type + " at seq " + seq);
        };
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing anyway.
        }
    }
}
