package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteThreadStoreTest {

    @TempDir
    Path dir;

    private final List<ThreadStore> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(ThreadStore::close);
    }

    private ThreadStore store() {
        ThreadStore store = SqliteStore.open(dir);
        open.add(store);
        return store;
    }

    private void close(ThreadStore store) {
        store.close();
        open.remove(store);
    }

    @Test
    void aWriteNotWaitedForFailsItsFutureWithTheReasonWhenTheStoreCannotTakeIt() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        close(store);

        assertThatThrownBy(() -> store.appendUserMessage("t1", user("u-1", "hello", "c1")).join())
                .hasCauseInstanceOf(ChatException.class)
                .hasMessageContaining("chat.db");
    }

    @Test
    void aVersionOneDatabaseIsUpgradedInPlaceAndKeepsItsThreads() throws SQLException, IOException {
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE threads (thread_id TEXT NOT NULL PRIMARY KEY, owner_user_id TEXT NOT NULL, "
                    + "created_at TEXT NOT NULL)");
            s.execute("CREATE TABLE events (thread_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, "
                    + "payload TEXT NOT NULL, created_at TEXT NOT NULL, message_id TEXT, role TEXT, reply_to TEXT, "
                    + "client_message_id TEXT, PRIMARY KEY (thread_id, seq))");
            s.execute("CREATE UNIQUE INDEX events_by_client_message_id ON events (thread_id, client_message_id) "
                    + "WHERE client_message_id IS NOT NULL");
            s.execute("CREATE INDEX events_by_reply_to ON events (thread_id, reply_to) WHERE reply_to IS NOT NULL");
            s.execute("CREATE TABLE failed_turns (thread_id TEXT NOT NULL, message_id TEXT NOT NULL, "
                    + "failed_at TEXT NOT NULL, PRIMARY KEY (thread_id, message_id)) WITHOUT ROWID");
            s.execute("CREATE TABLE chat_memory_messages (memory_id TEXT NOT NULL, position INTEGER NOT NULL, "
                    + "message_json TEXT NOT NULL, PRIMARY KEY (memory_id, position))");
            s.execute("PRAGMA user_version = 1");
        }
        ThreadMessage question = ThreadMessage.user("u-1", "hello", Instant.parse("2026-11-01T00:00:00Z"), "alice", "c1");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO threads VALUES ('t1', 'alice', '2026-11-01T00:00:00Z')");
            s.execute("INSERT INTO events VALUES ('t1', 1, 'message', '{\"id\":\"u-1\",\"role\":\"USER\","
                    + "\"content\":\"hello\",\"createdAt\":\"2026-11-01T00:00:00Z\",\"userId\":\"alice\","
                    + "\"clientMessageId\":\"c1\"}', '2026-11-01T00:00:00Z', 'u-1', 'user', NULL, 'c1')");
        }

        ThreadStore store = store();
        assertThat(store.openThread("t1", "bob").ownerUserId()).isEqualTo("alice");
        assertThat(StoreKit.allEvents(store, "t1", 0)).containsExactly(new MessageAdded(1, question));
        assertThat(store.unansweredUserMessages("t1")).containsExactly(question);
        assertThat(store.appendUserMessage("t1", user("u-9", "again", "c1")).join().duplicate()).isTrue();
        assertThat(store.appendUserMessage("t1", user("u-2", "next", "c2")).join().event().seq()).isEqualTo(2);
        close(store);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(5);
            assertThat(s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'events_by_reply_to'")
                    .getInt(1)).isZero();
            assertThat(s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                    + "AND name IN ('knowledge_files', 'knowledge_chunks')").getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithAMessageNamingIt() throws IOException {
        Files.write(dir.resolve("chat.db"), "this is not a database, just some text that is long enough".repeat(100)
                .getBytes());

        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining(dir.resolve("chat.db").toString())
                .hasMessageContaining("not a database");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsRefusedWithAMessageNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> SqliteStore.open(file.resolve("data")))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining(file.resolve("data").toString());
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() {
        store();

        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("in use by another process")
                .hasMessageContaining(dir.resolve("chat.db.lock").toString());
    }

    @Test
    void aDatabaseFromANewerServerIsRefused() throws SQLException {
        close(store());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> SqliteStore.open(dir))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining(dir.resolve("chat.db").toString());
    }

    @Test
    void aFullDatabaseRefusesTheWriteNamingTheFileAndKeepsWhatWasStored() {
        ThreadStore store = SqliteStore.open(dir, 128 * 1024);
        open.add(store);
        store.openThread("t1", "alice");
        String big = "x".repeat(4_000);
        long stored = 0;
        ChatException full = null;
        for (int i = 0; i < 1_000 && full == null; i++) {
            try {
                stored = store.appendUserMessage("t1", user("u-" + i, big, "c" + i)).join().event().seq();
            } catch (CompletionException e) {
                full = (ChatException) e.getCause();
            }
        }

        assertThat(full).isNotNull();
        assertThat(full.getMessage()).contains(dir.resolve("chat.db").toString()).containsIgnoringCase("full");
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize((int) stored);
        assertThat(StoreKit.allEvents(store, "t1", 0)).extracting(StoredEvent::seq).last().isEqualTo(stored);
    }

    private static ThreadMessage user(String id, String content, String clientMessageId) {
        return ThreadMessage.user(id, content, now(), "alice", clientMessageId);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
