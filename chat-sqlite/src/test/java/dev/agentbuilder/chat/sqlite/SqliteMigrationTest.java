package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that the store wrote before threads had a listing (schema version 2: {@code schema-v2/chat.db}, made by
 * that version's code; its README says how) is upgraded in place, each thread's listing filled in from its events,
 * and its threads get knowledge files (version 4).
 */
class SqliteMigrationTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyTheOldDatabase() throws IOException {
        try (InputStream old = getClass().getResourceAsStream("schema-v2/chat.db")) {
            Files.copy(old, dir.resolve("chat.db"));
        }
    }

    @Test
    void everyThreadOfAnOlderDatabaseIsListedWithWhatItsEventsSay() throws SQLException {
        try (ThreadStore store = SqliteStore.open(dir)) {
            List<ThreadInfo> alices = store.directory().threadsOf("alice", "", null, 10);

            assertThat(alices).containsExactly(
                    new ThreadInfo("drafted", "alice", "Atlas", at("2026-12-07T18:39:05.279Z"),
                            at("2026-12-07T18:39:05.299Z"), "Atlas", 1, "Done.", 2),
                    new ThreadInfo("blank", "alice", "hello world", at("2026-12-07T18:39:05.323Z"),
                            at("2026-11-03T08:00:00Z"), "   ", 1, "second", 2),
                    new ThreadInfo("trip", "alice", "Wanderlust", at("2026-12-07T18:39:04.646Z"),
                            at("2026-11-01T10:05:00.500Z"), "Wanderlust", 2,
                            ThreadTitles.preview("word ".repeat(60).strip()), 4),
                    new ThreadInfo("long", "alice", "x".repeat(79) + "…", at("2026-12-07T18:39:05.329Z"),
                            at("2026-10-01T00:00:00Z"), "", 0, "x".repeat(100), 1));
            assertThat(store.directory().threadsOf("bob", "", null, 10)).containsExactly(
                    new ThreadInfo("empty", "bob", "", at("2026-12-07T18:39:05.331Z"), at("2026-12-07T18:39:05.331Z"),
                            "", 0, null, 0),
                    new ThreadInfo("assistant-first", "bob", "", at("2026-12-07T18:39:05.333Z"),
                            at("2026-10-05T00:00:00Z"), "", 0, "", 1));
            assertThat(store.directory().threadsOf("alice", "wander", null, 10))
                    .extracting(ThreadInfo::threadId).containsExactly("trip");
            assertThat(store.directory().idleSince(at("2026-11-02T00:00:00Z"), 10)).containsExactly("long",
                    "assistant-first", "trip");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(5);
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            assertThat(tables).contains("knowledge_files", "knowledge_chunks");
        }
    }

    @Test
    void anUpgradedThreadTakesKnowledgeFilesAndTheirDeletionWithIt() {
        try (ThreadStore store = SqliteStore.open(dir)) {
            AgentFile file = new AgentFile("f-1", "notes.txt", 5, "text/plain", FileStatus.INDEXING, null);
            assertThat(store.knowledge().add("trip", file, "notes".getBytes(StandardCharsets.UTF_8)).join()).isTrue();
            assertThat(store.knowledge().files("trip")).containsExactly(file);
            assertThat(store.knowledge().bytesOfUser("alice")).isEqualTo(5);

            assertThat(store.directory().delete("trip").join()).isTrue();
            assertThat(store.knowledge().files("trip")).isEmpty();
        }
    }

    @Test
    void anUpgradedThreadGoesOnAsANewOneWouldWrittenRenamedAndDeleted() {
        try (ThreadStore store = SqliteStore.open(dir)) {
            store.appendUserMessage("empty", ThreadMessage.user("u-1", "first words", Instant.now(), "bob", null))
                    .join();
            StoreKit.appendDrafts(store, "drafted", List.of(new AgentDraft("Atlas 2", "", "", List.of(), List.of(), 2)))
                    .join();
            store.directory().rename("long", "Long one").join();

            assertThat(store.directory().thread("empty").orElseThrow().title()).isEqualTo("first words");
            assertThat(store.directory().thread("empty").orElseThrow().messageCount()).isEqualTo(1);
            assertThat(store.directory().thread("drafted").orElseThrow().agentName()).isEqualTo("Atlas 2");
            assertThat(store.directory().thread("long").orElseThrow().title()).isEqualTo("Long one");
            assertThat(store.directory().delete("trip").join()).isTrue();
            assertThat(store.chatMemory("trip")).isEmpty();
            assertThat(store.openThread("trip", "alice").lastSeq()).isZero();
        }
    }

    private static Instant at(String time) {
        return Instant.parse(time);
    }
}
