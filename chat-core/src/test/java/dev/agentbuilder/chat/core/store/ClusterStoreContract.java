package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnLock.Lease;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store that several nodes share ({@link ClusterStore}), run on every such store: one lease holder
 * at a time with rising tokens, and a turn whose lease another node took since can write nothing. Subclasses open
 * node views of one shared store and expire a lease at once, as a pause past it would.
 */
public abstract class ClusterStoreContract {

    private final List<ThreadStore> opened = new ArrayList<>();
    private ThreadStore a;
    private ThreadStore b;

    /** Node {@code nodeId}'s store, sharing its threads with every other node this test opened. */
    protected abstract ThreadStore openNode(String nodeId);

    /** The thread's lease runs out now, by the store's clock, as if its holder were paused past it. */
    protected abstract void expireLease(String threadId);

    @BeforeEach
    void twoNodes() {
        a = node("node-a");
        b = node("node-b");
        a.openThread("t1", "alice");
    }

    @AfterEach
    void closeNodes() {
        opened.forEach(ThreadStore::close);
    }

    protected final ThreadStore node(String nodeId) {
        ThreadStore store = openNode(nodeId);
        opened.add(store);
        assertThat(store.cluster()).as("a cluster store's cluster side").isPresent();
        return store;
    }

    private static TurnLock lock(ThreadStore node) {
        return node.cluster().orElseThrow().turnLock();
    }

    private static ClusterStore cluster(ThreadStore node) {
        return node.cluster().orElseThrow();
    }

    @Test
    protected void aHeldLeaseIsNobodyElsesUntilItIsReleasedAndEachAcquisitionRaisesTheToken() {
        Lease first = lock(a).tryAcquire("t1").orElseThrow();
        assertThat(lock(b).tryAcquire("t1")).isEmpty();
        assertThat(lock(a).tryAcquire("t1")).as("not even its holder takes it twice").isEmpty();
        assertThat(lock(a).renew(first)).isTrue();
        assertThat(lock(b).renew(new Lease("t1", first.token()))).as("renewed only by its holder").isFalse();
        assertThat(cluster(b).leaseHeld("t1")).isTrue();

        lock(a).release(first);
        assertThat(cluster(b).leaseHeld("t1")).isFalse();
        Lease second = lock(b).tryAcquire("t1").orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(lock(a).renew(first)).isFalse();
    }

    @Test
    protected void aTurnWhoseLeaseAnotherNodeTookWritesNothingNotEvenItsChatMemory() {
        a.appendUserMessage("t1", user("u-1", "c-1")).join();
        Lease stale = lock(a).tryAcquire("t1").orElseThrow();
        TurnWriter staleWriter = a.turnWriter(stale);
        expireLease("t1");
        Lease taken = lock(b).tryAcquire("t1").orElseThrow();
        assertThat(taken.token()).isGreaterThan(stale.token());

        ChatMemories staleMemory = memory(UserMessage.from("stale memory"));
        assertFencedOut(staleWriter.appendReply(reply("a-stale", "u-1"), staleMemory));
        assertFencedOut(staleWriter.appendDrafts(List.of(AgentDraft.empty().withName("Stale")), staleMemory));
        assertFencedOut(staleWriter.markTurnFailed("u-1", staleMemory));
        assertThat(lock(a).renew(stale)).isFalse();
        assertThat(StoreKit.allEvents(b, "t1", 0)).hasSize(1);
        assertThat(b.chatMemory("t1")).isEmpty();
        assertThat(cluster(b).readThread("t1").draft()).isEqualTo(AgentDraft.empty());

        ChatMemories fresh = memory(UserMessage.from("hello"), AiMessage.from("answer"));
        assertThat(b.turnWriter(taken).appendReply(reply("a-1", "u-1"), fresh).join().seq()).isEqualTo(2);
        assertFencedOut(staleWriter.appendReply(reply("a-late", "u-1"), staleMemory));
        assertThat(a.chatMemory("t1")).isEqualTo(fresh.windows().get("t1"));
        assertThat(StoreKit.allEvents(a, "t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    protected void aTurnWriterIsOnlyEverForALeaseTheStoreHandedOut() {
        assertThatThrownBy(() -> a.turnWriter(new Lease("t1", 0)))
                .as("the token of a lease of one process, which fences nothing")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    protected void readingAThreadAgainGivesWhatAnotherNodeStoredSince() {
        b.openThread("t1", "alice");
        AgentDraft named = AgentDraft.empty().withName("Wanderlust");
        a.appendUserDraft("t1", named, DraftSource.USER, "e1").join();
        a.appendUserMessage("t1", user("u-1", "c-1")).join();

        StoredThread again = cluster(b).readThread("t1");

        assertThat(again).isEqualTo(new StoredThread("t1", "alice", named, 2));
    }

    @Test
    protected void threadsWaitingForATurnAreThoseWithAnUnansweredMessageAndNoLiveLease() {
        for (String id : List.of("answered", "held", "orphaned", "failed")) {
            a.openThread(id, "alice");
            a.appendUserMessage(id, user(id + "-u", id + "-c")).join();
        }
        StoreKit.appendReply(a, "answered", reply("r", "answered-u")).join();
        StoreKit.markTurnFailed(a, "failed", "failed-u").join();
        lock(a).tryAcquire("held").orElseThrow();

        assertThat(cluster(b).threadsWaitingForATurn(10)).containsExactly("orphaned");

        Lease orphan = lock(b).tryAcquire("orphaned").orElseThrow();
        assertThat(cluster(b).threadsWaitingForATurn(10)).as("its lease is live now").isEmpty();
        b.turnWriter(orphan).appendReply(reply("r2", "orphaned-u"), ChatMemories.NONE).join();
        lock(b).release(orphan);
        assertThat(cluster(b).threadsWaitingForATurn(10)).isEmpty();
    }

    @Test
    protected void aChangeByHandWhileAnotherNodesTurnHoldsTheLeaseWithAMessageWaitingIsRefusedAndNothingIsWritten() {
        a.appendUserMessage("t1", user("u-1", "c-1")).join();
        lock(b).tryAcquire("t1").orElseThrow();

        assertThat(a.appendUserDraft("t1", AgentDraft.empty().withName("Wanderlust"), DraftSource.USER, "e1"))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ClusterStore.TurnRunning.class);
        assertThat(StoreKit.allEvents(a, "t1", 0)).hasSize(1);
        assertThat(a.findByClientMessageId("t1", "e1")).isEmpty();
    }

    private static void assertFencedOut(CompletableFuture<?> write) {
        assertThat(write).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ClusterStore.FencedOut.class);
    }

    private static ChatMemories memory(dev.langchain4j.data.message.ChatMessage... messages) {
        return new ChatMemories(Map.of("t1", List.of(messages)));
    }

    private static ThreadMessage user(String id, String clientMessageId) {
        return ThreadMessage.user(id, "hello " + id, now(), "alice", clientMessageId);
    }

    private static ThreadMessage reply(String id, String replyTo) {
        return ThreadMessage.assistant(id, "answer " + id, now(), replyTo, false, null);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
