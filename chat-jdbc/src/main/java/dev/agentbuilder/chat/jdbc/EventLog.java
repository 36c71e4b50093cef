package dev.agentbuilder.chat.jdbc;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.MessageJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the tables every JDBC store has alike, and the decoding of what they hold: a thread's row
 * ({@code threads}, whose listing columns are {@link ThreadListing}'s), its event log ({@code events}: a
 * {@code message} or an {@code agent_updated} event per seq, its payload the JSON of {@link MessageJson} or
 * {@link DraftJson}), and its failed turns ({@code failed_turns}). What a dialect does its own way comes from its
 * {@link SqlDialect}. Stateless; each method runs on the statements it is given, in the caller's read or transaction.
 */
public final class EventLog {

    /** The type of an event that holds a message. */
    public static final String MESSAGE = "message";
    /** The type of an event that holds a draft. */
    public static final String AGENT_UPDATED = "agent_updated";

    /** Rows of the newest-first scan for unanswered messages read at a time: small rows, no payloads. */
    private static final int SCAN_PAGE = 100;

    private static final String BY_CLIENT_MESSAGE_ID =
            "SELECT seq, type, payload FROM events WHERE thread_id = ? AND client_message_id = ?";

    private final SqlDialect sql;
    private final String draftAt;

    public EventLog(SqlDialect sql) {
        this.sql = sql;
        this.draftAt = "SELECT payload FROM events WHERE thread_id = ? AND type = '" + AGENT_UPDATED + "' AND "
                + sql.jsonLong("payload", "version") + " = ? ORDER BY seq LIMIT 1";
    }

    /**
     * Deletes the thread's row, its events and its failed turns; true when it had a row. The events go first: a
     * dialect's schema may hold them to their thread.
     */
    public boolean deleteThread(Statements s, String threadId) throws SQLException {
        for (String table : List.of("events", "failed_turns")) {
            PreparedStatement delete = s.prepare("DELETE FROM " + table + " WHERE thread_id = ?");
            delete.setString(1, threadId);
            delete.executeUpdate();
        }
        PreparedStatement delete = s.prepare("DELETE FROM threads WHERE thread_id = ?");
        delete.setString(1, threadId);
        return delete.executeUpdate() == 1;
    }

    /** At most {@code limit} of the thread's events after {@code afterSeq}, in seq order. */
    public List<StoredEvent> eventsAfter(Statements s, String threadId, long afterSeq, int limit)
            throws SQLException {
        // A range scan of the (thread_id, seq) primary key that stops after the page.
        PreparedStatement select = s.prepare(
                "SELECT seq, type, payload FROM events WHERE thread_id = ? AND seq > ? ORDER BY seq LIMIT ?");
        select.setString(1, threadId);
        select.setLong(2, afterSeq);
        select.setInt(3, limit);
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                events.add(event(r.getLong(1), r.getString(2), r.getString(3)));
            }
        }
        return events;
    }

    /** The event stored with this clientMessageId; null when there is none. */
    public StoredEvent byClientMessageId(Statements s, String threadId, String clientMessageId)
            throws SQLException {
        PreparedStatement select = s.prepare(BY_CLIENT_MESSAGE_ID);
        select.setString(1, threadId);
        select.setString(2, clientMessageId);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? event(r.getLong(1), r.getString(2), r.getString(3)) : null;
        }
    }

    /** The draft of the thread's first {@code agent_updated} event at {@code version}. */
    public Optional<AgentDraft> draftAt(Statements s, String threadId, long version) throws SQLException {
        PreparedStatement select = s.prepare(draftAt);
        select.setString(1, threadId);
        select.setLong(2, version);
        try (ResultSet r = select.executeQuery()) {
            return r.next() ? Optional.of(DraftJson.fromJson(r.getString(1))) : Optional.empty();
        }
    }

    /**
     * Stores the message at {@code seq}; false when a unique index refused it (its clientMessageId is the thread's
     * already): then nothing was written.
     */
    public boolean insertMessage(Statements s, String threadId, long seq, ThreadMessage m) throws SQLException {
        PreparedStatement insert = s.prepare("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "message_id, role, reply_to, client_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING");
        insert.setString(1, threadId);
        insert.setLong(2, seq);
        insert.setString(3, MESSAGE);
        insert.setString(4, MessageJson.write(m));
        sql.bindTime(insert, 5, m.createdAt());
        insert.setString(6, m.id());
        insert.setString(7, m.role() == Role.USER ? "user" : "assistant");
        insert.setString(8, m.replyTo());
        insert.setString(9, m.clientMessageId());
        return insert.executeUpdate() == 1;
    }

    /** Stores an {@code agent_updated} event at {@code seq}, its payload as {@link DraftJson} wrote it. */
    public void insertDraft(Statements s, String threadId, long seq, String payload, String clientMessageId)
            throws SQLException {
        PreparedStatement insert = s.prepare("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "client_message_id) VALUES (?, ?, ?, ?, ?, ?)");
        insert.setString(1, threadId);
        insert.setLong(2, seq);
        insert.setString(3, AGENT_UPDATED);
        insert.setString(4, payload);
        sql.bindTime(insert, 5, Instant.now());
        insert.setString(6, clientMessageId);
        insert.executeUpdate();
    }

    /** Records that the turn for this user message failed; nothing if it was recorded already. */
    public void insertFailedTurn(Statements s, String threadId, String messageId) throws SQLException {
        PreparedStatement insert = s.prepare("INSERT INTO failed_turns (thread_id, message_id, failed_at) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        insert.setString(1, threadId);
        insert.setString(2, messageId);
        sql.bindTime(insert, 3, Instant.now());
        insert.executeUpdate();
    }

    /**
     * The user messages stored after the newest one a reply answers, less those answered or failed, in seq order.
     *
     * <p>The thread's messages are scanned newest first, a page at a time, down to the first user message a reply
     * answers: a reply comes after the message it answers, so by then the scan has seen every reply to it, and turns
     * run in seq order, so every user message before it was answered or failed. That is a message or two for a thread
     * whose last turn ended, with no index on {@code reply_to} (SQLite's schema dropped it: it cost every reply a page
     * write). One statement a page: it reads the payloads of user messages only (replies can be long, user messages
     * are bounded), and whether each one's turn failed, by the failed turns' primary key.
     */
    public List<ThreadMessage> unansweredUserMessages(Statements s, String threadId) throws SQLException {
        List<ThreadMessage> waitingNewestFirst = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        long before = Long.MAX_VALUE;
        scan:
        while (true) {
            PreparedStatement page = s.prepare("SELECT seq, role, message_id, reply_to, "
                    + "CASE WHEN role = 'user' THEN payload END, "
                    + "CASE WHEN role = 'user' THEN EXISTS (SELECT 1 FROM failed_turns f "
                    + "WHERE f.thread_id = events.thread_id AND f.message_id = events.message_id) END "
                    + "FROM events WHERE thread_id = ? AND type = '" + MESSAGE + "' AND seq < ? "
                    + "ORDER BY seq DESC LIMIT ?");
            page.setString(1, threadId);
            page.setLong(2, before);
            page.setInt(3, SCAN_PAGE);
            int rows = 0;
            try (ResultSet r = page.executeQuery()) {
                while (r.next()) {
                    rows++;
                    before = r.getLong(1);
                    if (!"user".equals(r.getString(2))) {
                        answered.add(r.getString(4));
                    } else if (answered.contains(r.getString(3))) {
                        break scan;
                    } else if (!r.getBoolean(6)) {
                        waitingNewestFirst.add(MessageJson.read(r.getString(5)));
                    }
                }
            }
            if (rows < SCAN_PAGE) {
                break;
            }
        }
        List<ThreadMessage> unanswered = new ArrayList<>(waitingNewestFirst.size());
        for (int i = waitingNewestFirst.size() - 1; i >= 0; i--) {
            unanswered.add(waitingNewestFirst.get(i));
        }
        return unanswered;
    }

    /** Decodes an event as stored. */
    private static StoredEvent event(long seq, String type, String payload) {
        return switch (type) {
            case MESSAGE -> new MessageAdded(seq, MessageJson.read(payload));
            case AGENT_UPDATED -> DraftJson.storedEvent(seq, payload);
            default -> throw new IllegalStateException("unknown event type " + type + " at seq " + seq);
        };
    }
}
