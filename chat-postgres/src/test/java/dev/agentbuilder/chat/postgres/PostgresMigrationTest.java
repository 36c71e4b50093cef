package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentFile;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.FileStatus;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.MessageJson;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database at schema version 1, with rows as the store wrote them before threads had a listing, is upgraded when a
 * store opens it: each thread's listing is filled in from its events, by the rules the code writes them with, a
 * thread deleted and opened again never hands out a lease token an earlier turn holds, and the threads get knowledge
 * files (version 3).
 */
class PostgresMigrationTest {

    private final String url = PostgresServer.shared().createDatabase();

    @BeforeEach
    void aVersionOneDatabaseWithThreads() throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations("classpath:dev/agentbuilder/chat/postgres/migration")
                .target("1").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            thread(c, "trip", "alice", "2026-11-01T09:00:00.123456Z", 5);
            message(c, "trip", 1, ThreadMessage.user("u-1", "  Plan my\n\n trip   to Lisbon  ",
                    at("2026-11-01T10:00:00.123456Z"), "alice", "c-1"));
            message(c, "trip", 2, ThreadMessage.assistant("a-1", "Sure — which dates?", at("2026-11-01T10:00:05Z"),
                    "u-1", false, null));
            draft(c, "trip", 3, AgentDraft.empty().withName("Trip Planner"), DraftSource.BUILDER,
                    "2026-11-01T10:00:06Z");
            draft(c, "trip", 4, AgentDraft.empty().withName("Trip Planner").withName("Wanderlust"),
                    DraftSource.BUILDER, "2026-11-01T10:00:07Z");
            message(c, "trip", 5, ThreadMessage.user("u-2", "Who are you?", at("2026-11-01T10:01:00Z"), "alice",
                    null, Channel.PREVIEW));
            message(c, "trip", 6, ThreadMessage.assistant("a-2", "word ".repeat(60).strip(),
                    at("2026-11-01T10:05:00.500Z"), "u-2", false, null, Channel.PREVIEW));

            thread(c, "drafted", "alice", "2026-11-02T08:00:00Z", 1);
            message(c, "drafted", 1, ThreadMessage.user("u-1", "name it Atlas", at("2026-11-02T09:00:00Z"), "alice",
                    null));
            draft(c, "drafted", 2, AgentDraft.empty().withName("Atlas"), DraftSource.BUILDER,
                    "2026-11-02T09:00:02.999999Z");

            thread(c, "blank", "alice", "2026-11-03T06:00:00Z", 0);
            message(c, "blank", 1, ThreadMessage.user("u-1", "\u2003  hello \t  world \u2003", at("2026-11-03T07:00:00Z"),
                    "alice", null));
            draft(c, "blank", 2, new AgentDraft("   ", "", "", List.of(), List.of(), 1), DraftSource.USER,
                    "2026-11-03T07:30:00Z");

            thread(c, "empty", "bob", "2026-10-01T00:00:00.5Z", 0);
        }
    }

    @Test
    void everyThreadOfAnOlderDatabaseIsListedWithWhatItsEventsSay() {
        try (ThreadStore store = open()) {
            assertThat(store.directory().threadsOf("alice", "", null, 10)).containsExactly(
                    new ThreadInfo("blank", "alice", "hello world", at("2026-11-03T06:00:00Z"),
                            at("2026-11-03T07:30:00Z"), "   ", 1, "hello world", 1),
                    new ThreadInfo("drafted", "alice", "Atlas", at("2026-11-02T08:00:00Z"),
                            at("2026-11-02T09:00:02.999Z"), "Atlas", 1, "name it Atlas", 1),
                    new ThreadInfo("trip", "alice", "Wanderlust", at("2026-11-01T09:00:00.123Z"),
                            at("2026-11-01T10:05:00.500Z"), "Wanderlust", 2,
                            ThreadTitles.preview("word ".repeat(60).strip()), 4));
            assertThat(store.directory().threadsOf("bob", "", null, 10)).containsExactly(new ThreadInfo("empty", "bob",
                    "", at("2026-10-01T00:00:00.500Z"), at("2026-10-01T00:00:00.500Z"), "", 0, null, 0));
            assertThat(store.directory().threadsOf("alice", "wander", null, 10))
                    .extracting(ThreadInfo::threadId).containsExactly("trip");
        }
    }

    @Test
    void aThreadDeletedAndOpenedAgainHandsOutOnlyTokensNoEarlierTurnHolds() {
        try (ThreadStore store = open()) {
            TurnLock lock = store.cluster().orElseThrow().turnLock();
            TurnLock.Lease fresh = lock.tryAcquire(opened(store, "fresh")).orElseThrow();
            assertThat(fresh.token()).as("above every token handed out before the upgrade").isGreaterThan(5);
            TurnLock.Lease held = lock.tryAcquire("trip").orElseThrow();
            for (int i = 0; i < 3; i++) {
                lock.release(held);
                TurnLock.Lease next = lock.tryAcquire("trip").orElseThrow();
                assertThat(next.token()).as("still one more at each acquisition").isEqualTo(held.token() + 1);
                held = next;
            }

            assertThat(store.directory().delete("trip").join()).isTrue();
            TurnLock.Lease again = lock.tryAcquire(opened(store, "trip")).orElseThrow();

            assertThat(again.token()).isGreaterThan(held.token());
            store.appendUserMessage("trip", ThreadMessage.user("u-9", "hi", Instant.now(), "alice", null)).join();
            assertThat(store.directory().thread("trip").orElseThrow().messageCount()).isEqualTo(1);
        }
    }

    @Test
    void anUpgradedDatabaseHasTheKnowledgeTablesAndItsThreadsTakeFilesThatTheirDeletionTakesWithThem()
            throws SQLException {
        try (ThreadStore store = open()) {
            AgentFile file = new AgentFile("f-1", "notes.txt", 5, "text/plain", FileStatus.INDEXING, null);
            assertThat(store.knowledge().add("trip", file, "notes".getBytes(StandardCharsets.UTF_8)).join()).isTrue();
            assertThat(store.knowledge().files("trip")).containsExactly(file);
            assertThat(store.knowledge().bytesOfUser("alice")).isEqualTo(5);

            assertThat(store.directory().delete("trip").join()).isTrue();
            assertThat(store.knowledge().files("trip")).isEmpty();
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        assertThat(tables).contains("knowledge_files", "knowledge_chunks");
    }

    private ThreadStore open() {
        return PostgresStore.open(url, null, "node-migration", Duration.ofSeconds(30));
    }

    private static String opened(ThreadStore store, String threadId) {
        store.openThread(threadId, "alice");
        return threadId;
    }

    /** A thread's row as version 1 inserted it (its time from the node's clock), its lease token as acquisitions left it. */
    private static void thread(Connection c, String threadId, String owner, String createdAt, long leaseToken)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO threads (thread_id, owner_user_id, created_at, lease_token) VALUES (?, ?, ?, ?)")) {
            s.setString(1, threadId);
            s.setString(2, owner);
            s.setObject(3, time(createdAt));
            s.setLong(4, leaseToken);
            s.executeUpdate();
        }
    }

    /**
     * A message event, and the counters of its thread's row, as version 1 wrote them (each reply here answers the
     * message just before it).
     */
    private static void message(Connection c, String threadId, long seq, ThreadMessage m) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, created_at, "
                + "message_id, role, reply_to, client_message_id) VALUES (?, ?, 'message', ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, MessageJson.write(m));
            s.setObject(4, OffsetDateTime.ofInstant(m.createdAt(), ZoneOffset.UTC));
            s.setString(5, m.id());
            s.setString(6, m.role() == Role.USER ? "user" : "assistant");
            s.setString(7, m.replyTo());
            s.setString(8, m.clientMessageId());
            s.executeUpdate();
        }
        String counters = m.role() == Role.USER
                ? "last_seq = ?, last_user_seq = ?" : "last_seq = ?, answered_seq = ? - 1";
        update(c, "UPDATE threads SET " + counters + " WHERE thread_id = ?", seq, threadId);
    }

    /** An {@code agent_updated} event and the thread's current draft, as version 1 wrote them. */
    private static void draft(Connection c, String threadId, long seq, AgentDraft draft, DraftSource source,
            String createdAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, created_at) "
                + "VALUES (?, ?, 'agent_updated', ?, ?)")) {
            s.setString(1, threadId);
            s.setLong(2, seq);
            s.setString(3, DraftJson.toStoredJson(draft, source));
            s.setObject(4, time(createdAt));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE threads SET last_seq = ?, draft = ? WHERE thread_id = ?")) {
            s.setLong(1, seq);
            s.setString(2, DraftJson.toJson(draft));
            s.setString(3, threadId);
            s.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, long seq, String threadId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, seq);
            s.setLong(2, seq);
            s.setString(3, threadId);
            s.executeUpdate();
        }
    }

    private static OffsetDateTime time(String text) {
        return OffsetDateTime.ofInstant(at(text), ZoneOffset.UTC);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }
}
