package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
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
        ThreadStore store = ThreadStore.sqlite(dir);
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
        store.appendUserMessage("t1", question);
        AgentDraft draft = AgentDraft.empty().withName("Wanderlust").withCapability(Capability.WEB_SEARCH, true);
        store.appendDraft("t1", draft);
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Done — “ok” 🚀", now(), "u-1", true, new Usage(3, 4));
        store.appendAssistantMessage("t1", answer);
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
            store.appendUserMessage("t1", user("u-" + i, "m" + i, null));
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
        store.appendUserMessage("t1", user("u-1", "one", null));
        store.appendDraft("t1", AgentDraft.empty().withName("A"));
        close(store);

        ThreadStore reopened = store();
        reopened.openThread("t1", "alice");
        assertThat(reopened.appendUserMessage("t1", user("u-2", "two", null)).event().seq()).isEqualTo(3);
        assertThat(reopened.eventsAfter("t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aClientMessageIdSeenBeforeAReopenIsADuplicateAfterIt() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        MessageAdded original = store.appendUserMessage("t1", user("u-1", "hello", "c1")).event();
        close(store);

        ThreadStore reopened = store();
        reopened.openThread("t1", "alice");
        UserMessageAppend again = reopened.appendUserMessage("t1", user("u-2", "hello again", "c1"));
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
        store.appendUserMessage("t1", user("u-1", "one", "c1"));
        UserMessageAppend other = store.appendUserMessage("t2", user("u-2", "two", "c1"));
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
        List.of(answered, failed, interrupted, alsoInterrupted).forEach(m -> store.appendUserMessage("t1", m));
        store.appendAssistantMessage("t1", ThreadMessage.assistant("a-1", "1", now(), "u-1", false, null));
        store.markTurnFailed("t1", "u-2");

        assertThat(store.unansweredUserMessages("t1")).containsExactly(interrupted, alsoInterrupted);
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedWithAMessageNamingIt() throws IOException {
        Files.write(dir.resolve("chat.db"), "this is not a database, just some text that is long enough".repeat(100)
                .getBytes());

        assertThatThrownBy(() -> ThreadStore.sqlite(dir))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining(dir.resolve("chat.db").toString())
                .hasMessageContaining("not a database");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsRefusedWithAMessageNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> ThreadStore.sqlite(file.resolve("data")))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining(file.resolve("data").toString());
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstIsOpen() {
        store();

        assertThatThrownBy(() -> ThreadStore.sqlite(dir))
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

        assertThatThrownBy(() -> ThreadStore.sqlite(dir))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining(dir.resolve("chat.db").toString());
    }

    @Test
    void aFullDatabaseRefusesTheWriteNamingTheFileAndKeepsWhatWasStored() {
        ThreadStore store = ThreadStore.sqlite(dir, 128 * 1024);
        open.add(store);
        store.openThread("t1", "alice");
        String big = "x".repeat(4_000);
        long stored = 0;
        ChatException full = null;
        for (int i = 0; i < 1_000 && full == null; i++) {
            try {
                stored = store.appendUserMessage("t1", user("u-" + i, big, "c" + i)).event().seq();
            } catch (ChatException e) {
                full = e;
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
