package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnLock.Lease;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The turn lease of two nodes on one database: one holder at a time, and a holder that lost it can write nothing. */
class PostgresTurnLockTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    private final List<ThreadStore> open = new ArrayList<>();
    private ThreadStore storeA;
    private ThreadStore storeB;

    @BeforeEach
    void twoNodes() {
        String url = PostgresServer.shared().createDatabase();
        storeA = PostgresStore.open(url, null);
        storeB = PostgresStore.open(url, null);
        open.add(storeA);
        open.add(storeB);
        storeA.openThread("t1", "alice");
    }

    @AfterEach
    void closeAll() {
        open.forEach(ThreadStore::close);
    }

    @Test
    void aHeldLeaseIsNobodyElsesUntilItIsReleasedAndEachAcquisitionRaisesTheToken() {
        TurnLock a = PostgresStore.turnLock(storeA, "node-a", Duration.ofSeconds(30));
        TurnLock b = PostgresStore.turnLock(storeB, "node-b", Duration.ofSeconds(30));

        Lease first = a.tryAcquire("t1").orElseThrow();
        assertThat(b.tryAcquire("t1")).isEmpty();
        assertThat(a.tryAcquire("t1")).as("not even its holder takes it twice").isEmpty();
        assertThat(a.renew(first)).isTrue();
        assertThat(b.renew(new Lease("t1", first.token()))).as("renewed only by its holder").isFalse();

        a.release(first);
        Lease second = b.tryAcquire("t1").orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(a.renew(first)).isFalse();
        assertThat(a.tryAcquire("unknown-thread")).isEmpty();
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldHoldersWritesAreRefusedWithNothingStored() {
        TurnLock a = PostgresStore.turnLock(storeA, "node-a", SHORT);
        TurnLock b = PostgresStore.turnLock(storeB, "node-b", Duration.ofSeconds(30));
        ThreadMessage question = user("u-1", "c-1");
        storeA.appendUserMessage("t1", question).join();
        Lease stale = a.tryAcquire("t1").orElseThrow();
        // node-a's turn changes its chat memory, then pauses past its lease (a GC pause, SIGSTOP).
        storeA.chatMemoryStore().updateMessages("t1", List.of(UserMessage.from("stale memory")));

        Lease taken = await().atMost(Duration.ofSeconds(10)).until(() -> b.tryAcquire("t1"), Optional::isPresent)
                .orElseThrow();
        assertThat(taken.token()).isGreaterThan(stale.token());

        ThreadMessage staleReply = ThreadMessage.assistant("a-stale", "stale", Instant.now(), "u-1", false, null);
        assertThatThrownBy(() -> storeA.appendAssistantMessage("t1", staleReply, stale.token()).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(ThreadStore.FencedOut.class);
        assertThatThrownBy(() -> storeA.appendDrafts("t1", List.of(AgentDraft.empty().withName("Stale")),
                stale.token()).join()).cause().isInstanceOf(ThreadStore.FencedOut.class);
        assertThatThrownBy(() -> storeA.markTurnFailed("t1", "u-1", stale.token()).join())
                .cause().isInstanceOf(ThreadStore.FencedOut.class);
        assertThat(a.renew(stale)).isFalse();

        storeB.chatMemoryStore().updateMessages("t1", List.of(UserMessage.from("fresh"), AiMessage.from("answer")));
        ThreadMessage reply = ThreadMessage.assistant("a-1", "answer", Instant.now(), "u-1", false, null);
        assertThat(storeB.appendAssistantMessage("t1", reply, taken.token()).join().seq()).isEqualTo(2);
        // node-a writes a user message afterwards: its stale memory must not ride along.
        storeA.appendUserMessage("t1", user("u-2", "c-2")).join();

        assertThat(storeA.eventsAfter("t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(storeA.openThread("t1", "alice").draft()).isEqualTo(AgentDraft.empty());
        ThreadStore reader = PostgresStore.open(PostgresServer.shared().jdbcUrl(databaseOf(storeA)), null);
        open.add(reader);
        assertThat(reader.chatMemoryStore().getMessages("t1"))
                .containsExactly(UserMessage.from("fresh"), AiMessage.from("answer"));
    }

    @Test
    void memoryANodeHadNotWrittenWhenItLostTheLeaseIsNeitherReadBackNorWrittenWhenItCloses() {
        TurnLock a = PostgresStore.turnLock(storeA, "node-a", SHORT);
        TurnLock b = PostgresStore.turnLock(storeB, "node-b", Duration.ofSeconds(30));
        storeA.appendUserMessage("t1", user("u-1", "c-1")).join();
        Lease stale = a.tryAcquire("t1").orElseThrow();
        storeA.chatMemoryStore().updateMessages("t1", List.of(UserMessage.from("stale memory")));
        Lease taken = await().atMost(Duration.ofSeconds(10)).until(() -> b.tryAcquire("t1"), Optional::isPresent)
                .orElseThrow();
        storeB.chatMemoryStore().updateMessages("t1", List.of(UserMessage.from("fresh"), AiMessage.from("answer")));
        storeB.appendAssistantMessage("t1",
                ThreadMessage.assistant("a-1", "answer", Instant.now(), "u-1", false, null), taken.token()).join();

        // node-a learns it lost the lease from a renewal, not from a refused write of its own.
        assertThat(a.renew(stale)).isFalse();
        storeA.dropUnwrittenMemory("t1");
        assertThat(storeA.chatMemoryStore().getMessages("t1"))
                .containsExactly(UserMessage.from("fresh"), AiMessage.from("answer"));
        // A turn of node-a that could not store its end leaves memory unwritten; closing does not write it.
        storeA.chatMemoryStore().updateMessages("t1", List.of(UserMessage.from("never stored")));
        storeA.close();

        ThreadStore reader = PostgresStore.open(PostgresServer.shared().jdbcUrl(databaseOf(storeB)), null);
        open.add(reader);
        assertThat(reader.chatMemoryStore().getMessages("t1"))
                .containsExactly(UserMessage.from("fresh"), AiMessage.from("answer"));
    }

    @Test
    void aNodeStartingAgainUnderItsNameGivesBackItsPredecessorsLeasesAtOnce() {
        Duration long30 = Duration.ofSeconds(30);
        storeA.appendUserMessage("t1", user("u-1", "c-1")).join();
        Lease dead = PostgresStore.turnLock(storeA, "node-a", long30).tryAcquire("t1").orElseThrow();
        TurnLock other = PostgresStore.turnLock(storeB, "node-b", long30);
        assertThat(other.threadsWaitingForATurn(10)).as("the lease is live").isEmpty();

        TurnLock restarted = PostgresStore.turnLock(storeB, "node-a", long30);

        assertThat(other.threadsWaitingForATurn(10)).containsExactly("t1");
        Lease next = restarted.tryAcquire("t1").orElseThrow();
        assertThat(next.token()).isGreaterThan(dead.token());
        assertThatThrownBy(() -> storeA.appendAssistantMessage("t1",
                ThreadMessage.assistant("a-dead", "late", Instant.now(), "u-1", false, null), dead.token()).join())
                .cause().isInstanceOf(ThreadStore.FencedOut.class);
    }

    @Test
    void threadsWaitingForATurnAreThoseWithAnUnansweredMessageAndNoLiveLease() {
        TurnLock a = PostgresStore.turnLock(storeA, "node-a", Duration.ofSeconds(30));
        TurnLock sweeper = PostgresStore.turnLock(storeB, "node-b", Duration.ofSeconds(30));
        for (String id : List.of("answered", "held", "orphaned", "failed")) {
            storeA.openThread(id, "alice");
            storeA.appendUserMessage(id, user(id + "-u", id + "-c")).join();
        }
        storeA.appendAssistantMessage("answered",
                ThreadMessage.assistant("r", "done", Instant.now(), "answered-u", false, null)).join();
        storeA.markTurnFailed("failed", "failed-u").join();
        a.tryAcquire("held").orElseThrow();

        assertThat(sweeper.threadsWaitingForATurn(10)).containsExactly("orphaned");

        Lease orphan = sweeper.tryAcquire("orphaned").orElseThrow();
        assertThat(sweeper.threadsWaitingForATurn(10)).as("its lease is live now").isEmpty();
        storeB.appendAssistantMessage("orphaned",
                ThreadMessage.assistant("r2", "late", Instant.now(), "orphaned-u", false, null), orphan.token()).join();
        sweeper.release(orphan);
        assertThat(sweeper.threadsWaitingForATurn(10)).isEmpty();
    }

    private static String databaseOf(ThreadStore store) {
        return ((dev.agentbuilder.chat.postgres.internal.PgThreadStore) store).database().replaceAll(".*/", "");
    }

    private static ThreadMessage user(String id, String clientMessageId) {
        return ThreadMessage.user(id, "hello " + id, Instant.now(), "alice", clientMessageId);
    }
}
