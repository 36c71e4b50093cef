package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.StoredHistory;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.Usage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.UserMessageAppend;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** A SQLite store on the test's directory, or an in-memory one: for behaviour both must share. */
    private ThreadStore store(String kind) {
        if (kind.equals("sqlite")) {
            return store();
        }
        ThreadStore store = ThreadStores.inMemory();
        open.add(store);
        return store;
    }

    private void close(ThreadStore store) {
        store.close();
        open.remove(store);
    }

    @Test
    void aReopenedStoreHasEveryEventTheDraftTheOwnerAndTheChatMemory() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage question = user("u-1", "plan trips", "c1");
        store.appendUserMessage("t1", question).join();
        AgentDraft draft = AgentDraft.empty().withName("Wanderlust").withCapability(Capability.WEB_SEARCH, true);
        store.appendDrafts("t1", List.of(draft)).join();
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Done — “ok” 🚀", now(), "u-1", true, new Usage(3, 4));
        store.appendAssistantMessage("t1", answer).join();
        List<ChatMessage> memory = List.of(UserMessage.from("plan trips"),
                AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_1").name("set_name")
                        .arguments("{\"name\":\"Wanderlust\"}").build())),
                ToolExecutionResultMessage.from("call_1", "set_name", "Name set."),
                AiMessage.from("Done"));
        store.chatMemoryStore().updateMessages("t1", memory);
        close(store);

        ThreadStore reopened = store();
        ThreadStore.StoredThread thread = reopened.openThread("t1", "someone-else");
        assertThat(thread.ownerUserId()).isEqualTo("alice");
        assertThat(thread.draft()).isEqualTo(draft);
        assertThat(thread.lastSeq()).isEqualTo(3);
        assertThat(reopened.eventsAfter("t1", 0)).containsExactly(
                new MessageAdded(1, question), new AgentUpdated(2, draft), new MessageAdded(3, answer));
        assertThat(reopened.eventsAfter("t1", 2)).containsExactly(new MessageAdded(3, answer));
        assertThat(reopened.chatMemoryStore().getMessages("t1")).isEqualTo(memory);
    }

    @Test
    void aChatMemoryWindowThatSlidesAndOneThatIsReplacedBothReadBackExactly() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        List<ChatMessage> window = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            window.add(i % 2 == 0 ? UserMessage.from("question " + i) : AiMessage.from("answer " + i));
            if (window.size() > 10) {
                window.remove(0);
            }
            store.chatMemoryStore().updateMessages("t1", window);
            store.appendUserMessage("t1", user("u-" + i, "m" + i, null)).join();
        }
        List<ChatMessage> slid = List.copyOf(window);
        store.chatMemoryStore().updateMessages("t2", List.of(UserMessage.from("first life")));
        store.chatMemoryStore().updateMessages("t2", List.of(UserMessage.from("replaced"), AiMessage.from("yes")));
        store.chatMemoryStore().deleteMessages("t3");
        close(store);

        ThreadStore reopened = store();
        assertThat(reopened.chatMemoryStore().getMessages("t1")).isEqualTo(slid);
        assertThat(reopened.chatMemoryStore().getMessages("t2"))
                .containsExactly(UserMessage.from("replaced"), AiMessage.from("yes"));
        assertThat(reopened.chatMemoryStore().getMessages("t3")).isEmpty();
    }

    @Test
    void seqContinuesWithoutAGapAfterAReopen() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.appendUserMessage("t1", user("u-1", "one", null)).join();
        store.appendDrafts("t1", List.of(AgentDraft.empty().withName("A"))).join();
        close(store);

        ThreadStore reopened = store();
        reopened.openThread("t1", "alice");
        assertThat(reopened.appendUserMessage("t1", user("u-2", "two", null)).join().event().seq()).isEqualTo(3);
        assertThat(reopened.eventsAfter("t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aClientMessageIdSeenBeforeAReopenIsADuplicateAfterIt() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        MessageAdded original = store.appendUserMessage("t1", user("u-1", "hello", "c1")).join().event();
        close(store);

        ThreadStore reopened = store();
        reopened.openThread("t1", "alice");
        UserMessageAppend again = reopened.appendUserMessage("t1", user("u-2", "hello again", "c1")).join();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.event()).isEqualTo(original);
        assertThat(reopened.findUserMessage("t1", "c1")).contains(original);
        assertThat(reopened.eventsAfter("t1", 0)).hasSize(1);
    }

    @Test
    void threadsAreSeparate() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.openThread("t2", "bob");
        store.appendUserMessage("t1", user("u-1", "one", "c1")).join();
        UserMessageAppend other = store.appendUserMessage("t2", user("u-2", "two", "c1")).join();
        assertThat(other.duplicate()).isFalse();
        assertThat(other.event().seq()).isEqualTo(1);
        assertThat(store.openThread("t2", "x").ownerUserId()).isEqualTo("bob");
    }

    @Test
    void unansweredUserMessagesAreThoseWithNeitherAReplyNorAFailedTurn() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage answered = user("u-1", "one", null);
        ThreadMessage failed = user("u-2", "two", null);
        ThreadMessage interrupted = user("u-3", "three", null);
        ThreadMessage alsoInterrupted = user("u-4", "four", null);
        List.of(answered, failed, interrupted, alsoInterrupted).forEach(m -> store.appendUserMessage("t1", m).join());
        store.appendAssistantMessage("t1", ThreadMessage.assistant("a-1", "1", now(), "u-1", false, null)).join();
        store.markTurnFailed("t1", "u-2").join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(interrupted, alsoInterrupted);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void aUserMessageOlderThanTheNewestAnsweredOneIsNotAnInterruptedTurn(String kind) {
        ThreadStore store = store(kind);
        store.openThread("t1", "alice");
        ThreadMessage lost = user("u-1", "one", null);
        ThreadMessage answered = user("u-2", "two", null);
        ThreadMessage queued = user("u-3", "three", null);
        ThreadMessage failed = user("u-4", "four", null);
        ThreadMessage interrupted = user("u-5", "five", null);
        store.appendUserMessage("t1", lost).join();
        store.appendUserMessage("t1", answered).join();
        store.appendUserMessage("t1", queued).join();
        store.appendAssistantMessage("t1", ThreadMessage.assistant("a-2", "2", now(), "u-2", false, null)).join();
        store.appendDrafts("t1", List.of(AgentDraft.empty().withName("After the reply"))).join();
        store.appendUserMessage("t1", failed).join();
        store.appendUserMessage("t1", interrupted).join();
        store.markTurnFailed("t1", "u-4").join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(queued, interrupted);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void anAnsweredMessageIsNeverAnsweredAgainEvenWhenTheNewestReplyNamesNoStoredMessage(String kind) {
        ThreadStore store = store(kind);
        store.openThread("t1", "alice");
        ThreadMessage answered = user("u-1", "one", null);
        ThreadMessage unanswered = user("u-2", "two", null);
        store.appendUserMessage("t1", answered).join();
        store.appendAssistantMessage("t1", ThreadMessage.assistant("a-1", "1", now(), "u-1", false, null)).join();
        store.appendUserMessage("t1", unanswered).join();
        store.appendAssistantMessage("t1", ThreadMessage.assistant("a-9", "?", now(), "u-9", false, null)).join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(unanswered);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void writesNotWaitedForAreAppliedInTheOrderTheyWereMadeAndADuplicateIsStillFound(String kind) {
        ThreadStore store = store(kind);
        store.openThread("t1", "alice");
        ThreadMessage question = user("u-1", "call it Atlas", "c1");
        ThreadMessage resent = user("u-2", "call it Atlas", "c1");
        AgentDraft named = AgentDraft.empty().withName("Atlas");
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Done.", now(), "u-1", false, null);

        CompletableFuture<UserMessageAppend> asked = store.appendUserMessage("t1", question);
        CompletableFuture<UserMessageAppend> again = store.appendUserMessage("t1", resent);
        CompletableFuture<List<AgentUpdated>> drafted = store.appendDrafts("t1", List.of(named));
        CompletableFuture<MessageAdded> answered = store.appendAssistantMessage("t1", answer);

        assertThat(asked.join().event().seq()).isEqualTo(1);
        assertThat(again.join().duplicate()).isTrue();
        assertThat(again.join().event().message()).isEqualTo(question);
        assertThat(drafted.join().get(0).seq()).isEqualTo(2);
        assertThat(answered.join().seq()).isEqualTo(3);
        assertThat(store.eventsAfter("t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(named);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void eventsAfterWithALimitGivesAtMostThatManyInSeqOrderAndNothingPastTheEnd(String kind) {
        ThreadStore store = store(kind);
        store.openThread("t1", "alice");
        store.openThread("t2", "alice");
        for (int i = 1; i <= 5; i++) {
            store.appendUserMessage("t1", user("u-" + i, "m" + i, null)).join();
            store.appendDrafts("t1", List.of(AgentDraft.empty().withName("v" + i))).join();
            store.appendUserMessage("t2", user("other-" + i, "m" + i, null)).join();
        }
        List<StoredEvent> all = store.eventsAfter("t1", 0);

        assertThat(all).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(store.eventsAfter("t1", 0, 3)).isEqualTo(all.subList(0, 3));
        assertThat(store.eventsAfter("t1", 3, 3)).isEqualTo(all.subList(3, 6));
        assertThat(store.eventsAfter("t1", 8, 5)).isEqualTo(all.subList(8, 10));
        assertThat(store.eventsAfter("t1", 0, 1)).isEqualTo(all.subList(0, 1));
        assertThat(store.eventsAfter("t1", 0, Integer.MAX_VALUE)).isEqualTo(all);
        assertThat(store.eventsAfter("t1", 10, 5)).isEmpty();
        assertThat(store.eventsAfter("t1", 99, 5)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void aLimitBelowOneIsAProgrammingErrorNamingTheValue(String kind) {
        ThreadStore store = store(kind);
        store.openThread("t1", "alice");
        store.appendUserMessage("t1", user("u-1", "one", null)).join();

        assertThatThrownBy(() -> store.eventsAfter("t1", 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit").hasMessageContaining("0");
        assertThatThrownBy(() -> store.eventsAfter("t1", 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "memory"})
    void eventsAfterWithoutALimitGivesEveryLaterEventHoweverMany(String kind) {
        ThreadStore store = store(kind);
        StoredHistory.write(store, "t1", "alice", 1_250);

        assertThat(store.eventsAfter("t1", 0)).extracting(StoredEvent::seq).isEqualTo(StoredHistory.seqs(1, 2_500));
        assertThat(store.eventsAfter("t1", 1_000)).extracting(StoredEvent::seq)
                .isEqualTo(StoredHistory.seqs(1_001, 2_500));
        assertThat(store.eventsAfter("t1", 2_000 - 1)).extracting(StoredEvent::seq)
                .isEqualTo(StoredHistory.seqs(2_000, 2_500));
        assertThat(store.eventsAfter("t1", 2_500)).isEmpty();
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
        assertThat(store.eventsAfter("t1", 0)).containsExactly(new MessageAdded(1, question));
        assertThat(store.unansweredUserMessages("t1")).containsExactly(question);
        assertThat(store.appendUserMessage("t1", user("u-9", "again", "c1")).join().duplicate()).isTrue();
        assertThat(store.appendUserMessage("t1", user("u-2", "next", "c2")).join().event().seq()).isEqualTo(2);
        close(store);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(2);
            assertThat(s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE name = 'events_by_reply_to'")
                    .getInt(1)).isZero();
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
        assertThat(store.eventsAfter("t1", 0)).hasSize((int) stored);
        assertThat(store.eventsAfter("t1", 0)).extracting(StoredEvent::seq).last().isEqualTo(stored);
    }

    private static ThreadMessage user(String id, String content, String clientMessageId) {
        return ThreadMessage.user(id, content, now(), "alice", clientMessageId);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
