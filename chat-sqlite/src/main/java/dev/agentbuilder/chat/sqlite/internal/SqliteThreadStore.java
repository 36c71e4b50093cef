package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.MessageJson;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.ChatMessage;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable thread store: one SQLite database in WAL mode. Each thread is a row (its owner) and an event log; the
 * current draft is the one in its latest {@code agent_updated} event, so a draft is written once. Writes go through
 * one writer (a single worker) with group commit and are committed (and synced, {@code synchronous=FULL}) before
 * their future completes, on the writer; reads use a pool of connections. The heap holds no chat thread's data, only
 * the highest seq of the 10,000 threads written most recently ({@link #lastSeqs}, and the chat memory's own
 * bookkeeping in {@link SqliteChatMemory}), so it does not grow with the number of stored threads.
 *
 * <p>Thread-safe: writes run on the writer ({@link SqliteWriter}), reads on the reader pool.
 */
public final class SqliteThreadStore implements ThreadStore {

    private static final Logger log = LoggerFactory.getLogger(SqliteThreadStore.class);
    private static final int READERS = 4;
    private static final String MESSAGE = "message";
    private static final String AGENT_UPDATED = "agent_updated";

    private final String file;
    private final DataDirLock lock;
    private final SqliteWriter writer;
    private final ReaderPool readers;
    private final SqliteChatMemory chatMemory;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Threads whose creation is written but not yet committed, with their owners. */
    private final ConcurrentHashMap<String, String> creating = new ConcurrentHashMap<>();

    /** The highest seq of recently written threads; confined to the writer. */
    private final Map<String, Long> lastSeqs = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 10_000;
        }
    };

    private SqliteThreadStore(String file, DataDirLock lock, SqliteWriter writer, ReaderPool readers) {
        this.file = file;
        this.lock = lock;
        this.writer = writer;
        this.readers = readers;
        this.chatMemory = new SqliteChatMemory(writer, readers);
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
            return new SqliteThreadStore(file, lock, new SqliteWriter(write, file), new ReaderPool(reads, file));
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
        StoredThread existing = readers.read(c -> selectThread(c, threadId));
        if (existing != null) {
            return existing;
        }
        String owner = creating.putIfAbsent(threadId, userId);
        if (owner != null) {
            return new StoredThread(threadId, owner, AgentDraft.empty(), 0);
        }
        writer.submit(c -> insertThread(threadId, userId)).whenComplete((inserted, failure) -> {
            creating.remove(threadId, userId);
            if (failure != null) {
                log.warn("could not store the new thread {}; its first message will", threadId, failure);
            }
        });
        return new StoredThread(threadId, userId, AgentDraft.empty(), 0);
    }

    private int insertThread(String threadId, String ownerUserId) throws SQLException {
        PreparedStatement s = writer.prepare("INSERT INTO threads (thread_id, owner_user_id, created_at) "
                + "VALUES (?, ?, ?) ON CONFLICT (thread_id) DO NOTHING");
        s.setString(1, threadId);
        s.setString(2, ownerUserId);
        s.setString(3, Instant.now().toString());
        return s.executeUpdate();
    }

    /** The thread's owner, its draft (the one in its latest {@code agent_updated} event) and its highest seq. */
    private StoredThread selectThread(Connection c, String threadId) throws SQLException {
        PreparedStatement s = readers.prepare(c, "SELECT owner_user_id, "
                + "(SELECT payload FROM events WHERE events.thread_id = threads.thread_id AND type = '"
                + AGENT_UPDATED + "' ORDER BY seq DESC LIMIT 1), "
                + "(SELECT coalesce(max(seq), 0) FROM events WHERE events.thread_id = threads.thread_id) "
                + "FROM threads WHERE thread_id = ?");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return null;
            }
            String draft = r.getString(2);
            return new StoredThread(threadId, r.getString(1),
                    draft == null ? AgentDraft.empty() : DraftJson.fromJson(draft), r.getLong(3));
        }
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        if (limit < 1) {
            // SQLite reads a negative LIMIT as none at all.
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return readers.read(c -> {
            // A range scan of the (thread_id, seq) primary key that stops after the page.
            PreparedStatement s = readers.prepare(c,
                    "SELECT seq, type, payload FROM events WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?");
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
        });
    }

    @Override
    public Optional<StoredEvent> findByClientMessageId(String threadId, String clientMessageId) {
        return readers.read(c -> Optional.ofNullable(
                byClientMessageId(readers.prepare(c, BY_CLIENT_MESSAGE_ID), threadId, clientMessageId)));
    }

    private static final String BY_CLIENT_MESSAGE_ID =
            "SELECT seq, type, payload FROM events WHERE thread_id = ? AND client_message_id = ?";

    private static StoredEvent byClientMessageId(PreparedStatement s, String threadId, String clientMessageId)
            throws SQLException {
        s.setString(1, threadId);
        s.setString(2, clientMessageId);
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? event(r.getLong(1), r.getString(2), r.getString(3)) : null;
        }
    }

    @Override
    public CompletableFuture<UserMessageAppend> appendUserMessage(String threadId, ThreadMessage message) {
        return writer.submit(userMessageWrite(threadId, message));
    }

    private SqliteWriter.Work<UserMessageAppend> userMessageWrite(String threadId, ThreadMessage message) {
        if (message.role() != Role.USER) {
            throw new IllegalArgumentException("not a user message: " + message.id());
        }
        return c -> {
            insertThread(threadId, message.userId());
            MessageAdded added = insertMessage(threadId, message);
            if (added != null) {
                return new UserMessageAppend(added, false);
            }
            // The unique index on clientMessageId refused it: a resend. Give the seq back and return the original.
            lastSeqs.put(threadId, lastSeqs.get(threadId) - 1);
            StoredEvent original = byClientMessageId(writer.prepare(BY_CLIENT_MESSAGE_ID), threadId,
                    message.clientMessageId());
            if (original == null) {
                throw new ChatException("seq " + (lastSeqs.get(threadId) + 1) + " of thread " + threadId
                        + " is taken; the database was changed by someone else", false);
            }
            return new UserMessageAppend(original, true);
        };
    }

    /** One process: there is no other writer to fence out, so the lease's token is not needed. */
    @Override
    public TurnWriter turnWriter(TurnLock.Lease lease) {
        String threadId = lease.threadId();
        return new TurnWriter() {
            @Override
            public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                return writer.submit(replyWrite(threadId, reply, memories));
            }

            @Override
            public CompletableFuture<List<AgentUpdated>> appendDrafts(List<AgentDraft> drafts, ChatMemories memories) {
                return writer.submit(draftsWrite(threadId, drafts, memories));
            }

            @Override
            public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                return writer.submit(c -> {
                    chatMemory.write(memories);
                    PreparedStatement s = writer.prepare("INSERT INTO failed_turns (thread_id, message_id, failed_at) "
                            + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                    s.setString(1, threadId);
                    s.setString(2, userMessageId);
                    s.setString(3, Instant.now().toString());
                    s.executeUpdate();
                    return null;
                });
            }
        };
    }

    private SqliteWriter.Work<MessageAdded> replyWrite(String threadId, ThreadMessage message, ChatMemories memories) {
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("not an assistant message: " + message.id());
        }
        return c -> {
            chatMemory.write(memories);
            MessageAdded added = insertMessage(threadId, message);
            if (added == null) {
                throw new ChatException("seq " + lastSeqs.get(threadId) + " of thread " + threadId
                        + " is taken; the database was changed by someone else", false);
            }
            return added;
        };
    }

    /** Inserts the message with the next seq; null when a unique index refused it (nothing was written). */
    private MessageAdded insertMessage(String threadId, ThreadMessage m) throws SQLException {
        long seq = nextSeq(threadId);
        PreparedStatement s = writer.prepare("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "message_id, role, reply_to, client_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING");
        s.setString(1, threadId);
        s.setLong(2, seq);
        s.setString(3, MESSAGE);
        s.setString(4, MessageJson.write(m));
        s.setString(5, m.createdAt().toString());
        s.setString(6, m.id());
        s.setString(7, m.role() == Role.USER ? "user" : "assistant");
        s.setString(8, m.replyTo());
        s.setString(9, m.clientMessageId());
        return s.executeUpdate() == 1 ? new MessageAdded(seq, m) : null;
    }

    private SqliteWriter.Work<List<AgentUpdated>> draftsWrite(String threadId, List<AgentDraft> drafts,
            ChatMemories memories) {
        List<String> json = drafts.stream().map(DraftJson::toJson).toList();
        return c -> {
            // Versions only rise: a change by hand stored first makes the builder's of the same version a conflict.
            long current = storedDraftVersion(threadId);
            if (current >= drafts.get(0).version()) {
                throw new VersionConflict(threadId, current);
            }
            chatMemory.write(memories);
            List<AgentUpdated> events = new ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                long seq = nextSeq(threadId);
                PreparedStatement s = writer.prepare(
                        "INSERT INTO events (thread_id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)");
                s.setString(1, threadId);
                s.setLong(2, seq);
                s.setString(3, AGENT_UPDATED);
                s.setString(4, json.get(i));
                s.setString(5, Instant.now().toString());
                s.executeUpdate();
                events.add(new AgentUpdated(seq, drafts.get(i)));
            }
            return events;
        };
    }

    @Override
    public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
            String clientMessageId) {
        String json = DraftJson.toStoredJson(draft, source);
        return writer.submit(c -> {
            if (clientMessageId != null) {
                StoredEvent original = byClientMessageId(writer.prepare(BY_CLIENT_MESSAGE_ID), threadId,
                        clientMessageId);
                if (original != null) {
                    return new DraftAppend(original, true);
                }
            }
            long current = storedDraftVersion(threadId);
            if (current != draft.version() - 1) {
                throw new VersionConflict(threadId, current);
            }
            long seq = nextSeq(threadId);
            PreparedStatement s = writer.prepare("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                    + "client_message_id) VALUES (?, ?, ?, ?, ?, ?)");
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, AGENT_UPDATED);
            s.setString(4, json);
            s.setString(5, Instant.now().toString());
            s.setString(6, clientMessageId);
            s.executeUpdate();
            return new DraftAppend(new AgentUpdated(seq, draft, source), false);
        });
    }

    @Override
    public Optional<AgentDraft> draftAt(String threadId, long version) {
        if (version == 0) {
            return Optional.of(AgentDraft.empty());
        }
        return readers.read(c -> {
            PreparedStatement s = readers.prepare(c, "SELECT payload FROM events WHERE thread_id = ? AND type = '"
                    + AGENT_UPDATED + "' AND json_extract(payload, '$.version') = ? ORDER BY seq LIMIT 1");
            s.setString(1, threadId);
            s.setLong(2, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(DraftJson.fromJson(r.getString(1))) : Optional.empty();
            }
        });
    }

    /** The version of the thread's draft as this transaction sees it: the one in its latest agent_updated event. */
    private long storedDraftVersion(String threadId) throws SQLException {
        PreparedStatement s = writer.prepare("SELECT payload FROM events WHERE thread_id = ? AND type = '"
                + AGENT_UPDATED + "' ORDER BY seq DESC LIMIT 1");
        s.setString(1, threadId);
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? DraftJson.fromJson(r.getString(1)).version() : 0;
        }
    }

    /**
     * The thread's next seq, in the current transaction (the writer is the only one, so nobody takes it meanwhile).
     * It comes from the events' primary key, so an event costs no write to the thread's row, and the last one is
     * remembered, so it costs no read either.
     */
    private long nextSeq(String threadId) throws SQLException {
        long seq = lastSeq(threadId) + 1;
        lastSeqs.put(threadId, seq);
        writer.afterRollback(() -> lastSeqs.remove(threadId));
        return seq;
    }

    /** The thread's highest seq: remembered for recently written threads, else read (and checked to exist). */
    private long lastSeq(String threadId) throws SQLException {
        Long cached = lastSeqs.get(threadId);
        if (cached != null) {
            return cached;
        }
        PreparedStatement s = writer.prepare("SELECT EXISTS (SELECT 1 FROM threads WHERE thread_id = ?), "
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
    public List<ThreadMessage> unansweredUserMessages(String threadId) {
        return readers.read(c -> {
            List<ThreadMessage> newestFirst = new ArrayList<>();
            PreparedStatement s = readers.prepare(c, "SELECT role, message_id, reply_to, payload FROM events "
                    + "WHERE thread_id = ? AND type = '" + MESSAGE + "' ORDER BY seq DESC");
            s.setString(1, threadId);
            // Newest first, up to the user message that the newest reply answers: turns run in seq order,
            // so every user message before that one was answered or failed.
            Set<String> answered = new HashSet<>();
            String newestAnswered = null;
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (!"user".equals(r.getString(1))) {
                        answered.add(r.getString(3));
                        newestAnswered = newestAnswered == null ? r.getString(3) : newestAnswered;
                    } else if (r.getString(2).equals(newestAnswered)) {
                        break;
                    } else if (!answered.contains(r.getString(2))) {
                        newestFirst.add(MessageJson.read(r.getString(4)));
                    }
                }
            }
            if (newestFirst.isEmpty()) {
                return List.of();
            }
            Set<String> failed = new HashSet<>();
            PreparedStatement failures = readers.prepare(c, "SELECT message_id FROM failed_turns WHERE thread_id = ?");
            failures.setString(1, threadId);
            try (ResultSet r = failures.executeQuery()) {
                while (r.next()) {
                    failed.add(r.getString(1));
                }
            }
            List<ThreadMessage> unanswered = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                if (!failed.contains(newestFirst.get(i).id())) {
                    unanswered.add(newestFirst.get(i));
                }
            }
            return unanswered;
        });
    }

    @Override
    public boolean isReachable() {
        if (closed.get()) {
            return false;
        }
        try {
            return readers.read(c -> {
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
        writer.close();
        readers.close();
        lock.close();
    }

    private static StoredEvent event(long seq, String type, String payload) {
        return switch (type) {
            case MESSAGE -> new MessageAdded(seq, MessageJson.read(payload));
            case AGENT_UPDATED -> DraftJson.storedEvent(seq, payload);
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
