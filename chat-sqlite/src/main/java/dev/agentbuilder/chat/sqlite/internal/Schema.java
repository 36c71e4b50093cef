package dev.agentbuilder.chat.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database schema, versioned with {@code PRAGMA user_version}: version N is reached by running the first N
 * migrations in order, each in its own transaction. Add a migration to change the schema; never edit a released one.
 */
final class Schema {

    private static final List<List<String>> MIGRATIONS = List.of(
            // 1: threads, their event logs, failed turns and the model's chat memory. Tables whose rows can pass 1 KB
            // (payloads, memory messages) keep their rowid: in a WITHOUT ROWID table such rows spill into overflow
            // pages, which measurably slowed every turn.
            List.of(
                    """
                    CREATE TABLE threads (
                      thread_id     TEXT    NOT NULL PRIMARY KEY,
                      owner_user_id TEXT    NOT NULL,
                      created_at    TEXT    NOT NULL
                    )""",
                    """
                    CREATE TABLE events (
                      thread_id         TEXT    NOT NULL,
                      seq               INTEGER NOT NULL,
                      type              TEXT    NOT NULL,
                      payload           TEXT    NOT NULL,
                      created_at        TEXT    NOT NULL,
                      message_id        TEXT,
                      role              TEXT,
                      reply_to          TEXT,
                      client_message_id TEXT,
                      PRIMARY KEY (thread_id, seq)
                    )""",
                    """
                    CREATE UNIQUE INDEX events_by_client_message_id ON events (thread_id, client_message_id)
                      WHERE client_message_id IS NOT NULL""",
                    """
                    CREATE INDEX events_by_reply_to ON events (thread_id, reply_to) WHERE reply_to IS NOT NULL""",
                    """
                    CREATE TABLE failed_turns (
                      thread_id  TEXT NOT NULL,
                      message_id TEXT NOT NULL,
                      failed_at  TEXT NOT NULL,
                      PRIMARY KEY (thread_id, message_id)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE chat_memory_messages (
                      memory_id    TEXT    NOT NULL,
                      position     INTEGER NOT NULL,
                      message_json TEXT    NOT NULL,
                      PRIMARY KEY (memory_id, position)
                    )"""),
            // 2: no index on reply_to. It cost a page write in every reply's commit (a fifth of all the pages a turn
            // wrote), and its one reader, the interrupted turns of a thread being loaded, scans the thread's newest
            // events instead.
            List.of("DROP INDEX events_by_reply_to"),
            // 3: each thread's listing in its row, kept by every write in the transaction of its event (see
            // ThreadListing), with the index a user's listing is read from, newest first; and the incarnation of the
            // row (see SqliteFence). Existing threads get theirs from their events: the title of the first user
            // message, the newest message, the count of messages, the newest draft and the time of the newest event.
            // The text rules are ThreadTitles', through the functions of BackfillFunctions.
            List.of(
                    "ALTER TABLE threads ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE threads ADD COLUMN title TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE threads ADD COLUMN own_title TEXT",
                    "ALTER TABLE threads ADD COLUMN first_title TEXT",
                    "ALTER TABLE threads ADD COLUMN agent_name TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE threads ADD COLUMN agent_version INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE threads ADD COLUMN last_message TEXT",
                    "ALTER TABLE threads ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE threads ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 0",
                    """
                    UPDATE threads SET
                      message_count = (SELECT count(*) FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'message'),
                      first_title = (SELECT chat_first_title(json_extract(e.payload, '$.content')) FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'message' AND e.role = 'user'
                        ORDER BY e.seq LIMIT 1),
                      last_message = (SELECT chat_preview(json_extract(e.payload, '$.content')) FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'message' ORDER BY e.seq DESC LIMIT 1),
                      agent_name = coalesce((SELECT json_extract(e.payload, '$.name') FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'agent_updated'
                        ORDER BY e.seq DESC LIMIT 1), ''),
                      agent_version = coalesce((SELECT json_extract(e.payload, '$.version') FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'agent_updated'
                        ORDER BY e.seq DESC LIMIT 1), 0),
                      updated_at = chat_time(coalesce((SELECT e.created_at FROM events e
                        WHERE e.thread_id = threads.thread_id ORDER BY e.seq DESC LIMIT 1), created_at)),
                      incarnation = random()""",
                    "UPDATE threads SET title = chat_title(agent_name, first_title)",
                    "CREATE INDEX threads_listing ON threads (owner_user_id, updated_at DESC, thread_id DESC)"),
            // 4: knowledge files (see chat-jdbc's JdbcKnowledge): a row per file, its bytes in the last column, so
            // that reading the others never walks a large file's overflow pages, and a row per passage with its
            // embedding. Both keep their rowid: their rows pass 1 KB. The files a crash left unindexed are found
            // oldest first by an index of those still indexing.
            List.of(
                    """
                    CREATE TABLE knowledge_files (
                      thread_id     TEXT    NOT NULL,
                      file_id       TEXT    NOT NULL,
                      position      INTEGER NOT NULL,
                      name          TEXT    NOT NULL,
                      size          INTEGER NOT NULL,
                      type          TEXT    NOT NULL,
                      status        TEXT    NOT NULL,
                      error         TEXT,
                      created_at    TEXT    NOT NULL,
                      claimed_by    TEXT,
                      claimed_until TEXT,
                      content       BLOB    NOT NULL,
                      PRIMARY KEY (thread_id, file_id)
                    )""",
                    """
                    CREATE INDEX knowledge_files_unindexed ON knowledge_files (created_at)
                      WHERE status = 'indexing'""",
                    """
                    CREATE TABLE knowledge_chunks (
                      thread_id TEXT    NOT NULL,
                      file_id   TEXT    NOT NULL,
                      idx       INTEGER NOT NULL,
                      start_pos INTEGER NOT NULL,
                      end_pos   INTEGER NOT NULL,
                      text      TEXT    NOT NULL,
                      vector    BLOB    NOT NULL,
                      PRIMARY KEY (thread_id, file_id, idx)
                    )"""),
            // 5: tokens. Each thread's totals in its row, kept by every reply's write (chat-jdbc's ThreadListing),
            // counted for the replies stored before from their payloads; and the tokens each user used per UTC day
            // (chat-jdbc's TokenLedger), which a daily budget reads. Days before this version are not counted.
            List.of(
                    "ALTER TABLE threads ADD COLUMN input_tokens INTEGER NOT NULL DEFAULT 0",
                    "ALTER TABLE threads ADD COLUMN output_tokens INTEGER NOT NULL DEFAULT 0",
                    """
                    UPDATE threads SET
                      input_tokens = coalesce((SELECT sum(json_extract(e.payload, '$.inputTokens')) FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'message' AND e.role = 'assistant'), 0),
                      output_tokens = coalesce((SELECT sum(json_extract(e.payload, '$.outputTokens')) FROM events e
                        WHERE e.thread_id = threads.thread_id AND e.type = 'message' AND e.role = 'assistant'), 0)""",
                    """
                    CREATE TABLE token_usage (
                      user_id TEXT    NOT NULL,
                      day     TEXT    NOT NULL,
                      tokens  INTEGER NOT NULL,
                      PRIMARY KEY (user_id, day)
                    ) WITHOUT ROWID"""));

    static final int CURRENT_VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the database to {@link #CURRENT_VERSION}; refuses one written by a newer version of the server. */
    static void migrate(Connection c, String file) throws SQLException {
        int version = version(c);
        if (version > CURRENT_VERSION) {
            throw new SQLException("the database " + file + " has schema version " + version
                    + ", newer than this server understands (" + CURRENT_VERSION + "); upgrade the server");
        }
        if (version < CURRENT_VERSION) {
            BackfillFunctions.register(c);
        }
        try {
            migrate(c, version);
        } finally {
            if (version < CURRENT_VERSION) {
                BackfillFunctions.unregister(c);
            }
        }
    }

    private static void migrate(Connection c, int version) throws SQLException {
        for (int v = version; v < CURRENT_VERSION; v++) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
