package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.RecordingListener;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DurableEngineTest {

    @TempDir
    Path dir;

    private final ScriptedModel model = new ScriptedModel();
    private final List<ChatEngine> engines = new ArrayList<>();

    private ChatEngine engine(boolean answerInterruptedTurns) {
        ChatEngine engine = ChatEngine.builder()
                .model(model)
                .store(SqliteStore.open(dir))
                .sessionGrace(Duration.ZERO)
                .answerInterruptedTurns(answerInterruptedTurns)
                .build();
        engines.add(engine);
        return engine;
    }

    private void stop(ChatEngine engine) {
        engine.shutdown(Duration.ZERO);
        engines.remove(engine);
    }

    @AfterEach
    void stopAll() {
        engines.forEach(e -> e.shutdown(Duration.ZERO));
    }

    @Test
    void aRestartedEngineContinuesTheSameConversationWithItsMemory() {
        ChatEngine first = engine(true);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = first.join("t1", "alice", 0, alice);
        member.submit("my favourite city is Lisbon", "c1");
        model.awaitCall().delta("Noted.").complete();
        alice.untilReply();
        stop(first);

        ChatEngine second = engine(true);
        RecordingListener again = new RecordingListener();
        ThreadMember resumed = second.join("t1", "alice", 2, again);
        assertThat(again.expect(ThreadSnapshot.class).lastSeq()).isEqualTo(2);
        resumed.submit("which city?", "c2");

        String transcript = model.awaitCall().request().messages().toString();
        assertThat(transcript).contains("Lisbon").contains("Noted.").contains("which city?");
        assertThat(again.await(Accepted.class).seq()).isEqualTo(3);
    }

    @Test
    void aMessageAckedBeforeACrashIsAnsweredWhenTheThreadIsLoadedAgain() {
        storeUnansweredMessage("t1", "u-1", "answer me after the crash");

        ChatEngine engine = engine(true);
        RecordingListener alice = new RecordingListener();
        engine.join("t1", "alice", 0, alice);
        ThreadSnapshot snapshot = alice.expect(ThreadSnapshot.class);
        assertThat(snapshot.lastSeq()).isEqualTo(1);
        assertThat(snapshot.status()).as("a turn is about to answer it: told idle, a client would think it failed")
                .isEqualTo(TurnState.THINKING);
        assertThat(alice.expect(MessageAdded.class).message().id()).isEqualTo("u-1");

        ScriptedModel.Call call = model.awaitCall();
        assertThat(call.lastMessageText()).contains("answer me after the crash");
        call.delta("Here you are.").complete();
        MessageAdded reply = alice.await(MessageAdded.class);
        assertThat(reply.message().replyTo()).isEqualTo("u-1");
        assertThat(reply.message().content()).isEqualTo("Here you are.");
    }

    @Test
    void configuredNotToAnswerAnInterruptedTurnIsMarkedAsAStoppedReply() {
        storeUnansweredMessage("t1", "u-1", "never answered");

        ChatEngine engine = engine(false);
        RecordingListener alice = new RecordingListener();
        engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        alice.expect(MessageAdded.class);
        MessageAdded marker = alice.expect(MessageAdded.class);

        assertThat(marker.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(marker.message().replyTo()).isEqualTo("u-1");
        assertThat(marker.message().stopped()).isTrue();
        assertThat(model.waitingCalls()).isZero();
    }

    @Test
    void aTurnThatFailedIsNotRunAgainWhenTheThreadIsLoadedAgain() {
        ChatEngine first = engine(true);
        RecordingListener alice = new RecordingListener();
        first.join("t1", "alice", 0, alice).submit("hello", null);
        model.awaitCall().fail(new RuntimeException("provider down"));
        alice.await(ThreadEvent.TurnFailed.class);
        stop(first);

        ChatEngine second = engine(true);
        RecordingListener again = new RecordingListener();
        ThreadMember member = second.join("t1", "alice", 0, again);
        assertThat(again.expect(ThreadSnapshot.class).status()).as("nothing waits for a turn").isEqualTo(TurnState.IDLE);
        again.expect(MessageAdded.class);
        member.submit("next", null);
        assertThat(model.awaitCall().lastMessageText()).contains("next");
    }

    @Test
    void aHundredThousandStoredThreadsAreNeitherLoadedAtStartNorKeptInTheHeap() throws SQLException {
        stop(engine(true));
        bulkInsertThreads(100_000);
        long before = usedHeapAfterGc();

        ChatEngine engine = engine(true);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("thread-99999", "owner", 1, alice);
        ThreadSnapshot ready = alice.expect(ThreadSnapshot.class);
        assertThat(ready.lastSeq()).isEqualTo(1);
        assertThat(ready.agent().name()).isEqualTo("Some stored agent");
        member.submit("hi", null);
        model.awaitCall().delta("hello").complete();
        alice.until(o -> o instanceof StatusChanged s && s.state() == TurnState.IDLE);
        long after = usedHeapAfterGc();

        assertThat(engine.activeThreads()).isEqualTo(1);
        // 100,000 threads held in the heap would take tens of megabytes.
        assertThat(after - before).isLessThan(8L * 1024 * 1024);
    }

    private void storeUnansweredMessage(String threadId, String messageId, String content) {
        ThreadStore store = SqliteStore.open(dir);
        store.openThread(threadId, "alice");
        store.appendUserMessage(threadId, ThreadMessage.user(messageId, content, Instant.now(), "alice", null)).join();
        store.close();
    }

    /** Threads as the store writes them, each with a sizeable draft in its first event. */
    private void bulkInsertThreads(int count) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"))) {
            c.setAutoCommit(false);
            String draft = AgentDraft.empty().withName("Some stored agent").withDescription("x".repeat(200)).toJson();
            try (PreparedStatement thread = c.prepareStatement("INSERT INTO threads (thread_id, owner_user_id, "
                    + "created_at) VALUES (?, 'owner', '2026-01-01T00:00:00Z')");
                    PreparedStatement event = c.prepareStatement("INSERT INTO events (thread_id, seq, type, payload, "
                            + "created_at) VALUES (?, 1, 'agent_updated', ?, '2026-01-01T00:00:00Z')")) {
                for (int i = 0; i < count; i++) {
                    thread.setString(1, "thread-" + i);
                    thread.addBatch();
                    event.setString(1, "thread-" + i);
                    event.setString(2, draft);
                    event.addBatch();
                }
                thread.executeBatch();
                event.executeBatch();
            }
            c.commit();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
