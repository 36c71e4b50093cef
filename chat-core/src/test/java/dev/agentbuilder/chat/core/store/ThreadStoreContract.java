package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.StoredHistory;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.Usage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.DraftAppend;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import dev.agentbuilder.chat.core.spi.ThreadStore.UserMessageAppend;
import dev.agentbuilder.chat.core.spi.ThreadStore.VersionConflict;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ThreadStore} must do, whatever it keeps its threads in. A store's test extends this and says how
 * to get an empty store and, for a durable one, how to open the same storage again.
 */
public abstract class ThreadStoreContract {

    private final List<ThreadStore> open = new ArrayList<>();

    /** A store over empty storage, the same storage for every call within one test. */
    protected abstract ThreadStore openStore();

    /** Whether a store opened again over the same storage finds what an earlier one stored. */
    protected abstract boolean durable();

    /** The store for this test, opened and closed by the contract. */
    protected final ThreadStore store() {
        ThreadStore store = openStore();
        open.add(store);
        return store;
    }

    protected final void close(ThreadStore store) {
        store.close();
        open.remove(store);
    }

    /** Closes {@code store} and opens its storage again: only for durable stores. */
    protected final ThreadStore reopen(ThreadStore store) {
        close(store);
        return store();
    }

    @AfterEach
    void closeAll() {
        List.copyOf(open).forEach(this::close);
    }

    @Test
    protected void aReopenedStoreHasEveryEventTheDraftTheOwnerAndTheChatMemory() {
        assumeThat(durable()).as("a store that keeps nothing after it closes").isTrue();
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage question = user("u-1", "plan trips", "c1");
        store.appendUserMessage("t1", question).join();
        AgentDraft draft = AgentDraft.empty().withName("Wanderlust").withCapability(Capability.WEB_SEARCH, true);
        StoreKit.appendDrafts(store, "t1", List.of(draft)).join();
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Done — “ok” 🚀", now(), "u-1", true, new Usage(3, 4));
        List<ChatMessage> memory = List.of(UserMessage.from("plan trips"),
                AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_1").name("set_name")
                        .arguments("{\"name\":\"Wanderlust\"}").build())),
                ToolExecutionResultMessage.from("call_1", "set_name", "Name set."),
                AiMessage.from("Done"));
        StoreKit.underLease(store, "t1", w -> w.appendReply(answer, memories("t1", memory))).join();

        ThreadStore reopened = reopen(store);
        ThreadStore.StoredThread thread = reopened.openThread("t1", "someone-else");
        assertThat(thread.ownerUserId()).isEqualTo("alice");
        assertThat(thread.draft()).isEqualTo(draft);
        assertThat(thread.lastSeq()).isEqualTo(3);
        assertThat(StoreKit.allEvents(reopened, "t1", 0)).containsExactly(
                new MessageAdded(1, question), new AgentUpdated(2, draft), new MessageAdded(3, answer));
        assertThat(StoreKit.allEvents(reopened, "t1", 2)).containsExactly(new MessageAdded(3, answer));
        assertThat(reopened.chatMemory("t1")).isEqualTo(memory);
    }

    @Test
    protected void aChatMemoryWindowThatSlidesAndOneThatIsReplacedBothReadBackExactly() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        List<ChatMessage> window = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            window.add(i % 2 == 0 ? UserMessage.from("question " + i) : AiMessage.from("answer " + i));
            if (window.size() > 10) {
                window.remove(0);
            }
            store.appendUserMessage("t1", user("u-" + i, "m" + i, null)).join();
            ChatMemories slid = memories("t1", window);
            ThreadMessage reply = reply("a-" + i, "u-" + i);
            StoreKit.underLease(store, "t1", w -> w.appendReply(reply, slid)).join();
        }
        List<ChatMessage> slid = List.copyOf(window);
        store.openThread("t2", "alice");
        store.appendUserMessage("t2", user("u-1", "m", null)).join();
        StoreKit.underLease(store, "t2", w -> w.appendDrafts(List.of(AgentDraft.empty().withName("A")),
                memories("t2", List.of(UserMessage.from("first life"))))).join();
        StoreKit.underLease(store, "t2", w -> w.appendReply(reply("a-1", "u-1"),
                memories("t2", List.of(UserMessage.from("replaced"), AiMessage.from("yes"))))).join();
        store.openThread("t3", "alice");
        store.appendUserMessage("t3", user("u-1", "m", null)).join();
        StoreKit.underLease(store, "t3", w -> w.markTurnFailed("u-1", memories("t3", List.of(UserMessage.from("gone")))))
                .join();
        StoreKit.underLease(store, "t3", w -> w.markTurnFailed("u-1", memories("t3", List.of()))).join();

        ThreadStore reader = durable() ? reopen(store) : store;
        assertThat(reader.chatMemory("t1")).isEqualTo(slid);
        assertThat(reader.chatMemory("t2")).containsExactly(UserMessage.from("replaced"), AiMessage.from("yes"));
        assertThat(reader.chatMemory("t3")).isEmpty();
        assertThat(reader.chatMemory("never-written")).isEmpty();
    }

    @Test
    protected void aTurnWriteThatFailsStoresNoneOfTheChatMemoryItCarried() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.appendUserDraft("t1", AgentDraft.empty().withName("By hand"), DraftSource.USER, "e1").join();

        assertThat(StoreKit.underLease(store, "t1", w -> w.appendDrafts(
                List.of(AgentDraft.empty().withName("By the builder")), memories("t1", List.of(UserMessage.from("lost"))))))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(VersionConflict.class);

        ThreadStore reader = durable() ? reopen(store) : store;
        assertThat(reader.chatMemory("t1")).isEmpty();
        assertThat(StoreKit.allEvents(reader, "t1", 0)).hasSize(1);
    }

    @Test
    protected void seqContinuesWithoutAGapAfterAReopen() {
        assumeThat(durable()).as("a store that keeps nothing after it closes").isTrue();
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.appendUserMessage("t1", user("u-1", "one", null)).join();
        StoreKit.appendDrafts(store, "t1", List.of(AgentDraft.empty().withName("A"))).join();

        ThreadStore reopened = reopen(store);
        reopened.openThread("t1", "alice");
        assertThat(reopened.appendUserMessage("t1", user("u-2", "two", null)).join().event().seq()).isEqualTo(3);
        assertThat(StoreKit.allEvents(reopened, "t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    protected void aClientMessageIdSeenBeforeIsADuplicateAndNothingIsStoredTwice() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        StoredEvent original = store.appendUserMessage("t1", user("u-1", "hello", "c1")).join().event();

        ThreadStore later = durable() ? reopen(store) : store;
        later.openThread("t1", "alice");
        UserMessageAppend again = later.appendUserMessage("t1", user("u-2", "hello again", "c1")).join();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.event()).isEqualTo(original);
        assertThat(later.findByClientMessageId("t1", "c1")).contains(original);
        assertThat(StoreKit.allEvents(later, "t1", 0)).hasSize(1);
        assertThat(later.appendUserMessage("t1", user("u-3", "next", "c2")).join().event().seq())
                .as("the duplicate took no seq").isEqualTo(2);
    }

    @Test
    protected void threadsAreSeparate() {
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
    protected void unansweredUserMessagesAreThoseWithNeitherAReplyNorAFailedTurn() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage answered = user("u-1", "one", null);
        ThreadMessage failed = user("u-2", "two", null);
        ThreadMessage interrupted = user("u-3", "three", null);
        ThreadMessage alsoInterrupted = user("u-4", "four", null);
        List.of(answered, failed, interrupted, alsoInterrupted).forEach(m -> store.appendUserMessage("t1", m).join());
        StoreKit.appendReply(store, "t1", ThreadMessage.assistant("a-1", "1", now(), "u-1", false, null)).join();
        StoreKit.markTurnFailed(store, "t1", "u-2").join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(interrupted, alsoInterrupted);
    }

    @Test
    protected void aUserMessageOlderThanTheNewestAnsweredOneIsNotAnInterruptedTurn() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage lost = user("u-1", "one", null);
        ThreadMessage answered = user("u-2", "two", null);
        ThreadMessage queued = user("u-3", "three", null);
        ThreadMessage failed = user("u-4", "four", null);
        ThreadMessage interrupted = user("u-5", "five", null);
        store.appendUserMessage("t1", lost).join();
        store.appendUserMessage("t1", answered).join();
        store.appendUserMessage("t1", queued).join();
        StoreKit.appendReply(store, "t1", ThreadMessage.assistant("a-2", "2", now(), "u-2", false, null)).join();
        StoreKit.appendDrafts(store, "t1", List.of(AgentDraft.empty().withName("After the reply"))).join();
        store.appendUserMessage("t1", failed).join();
        store.appendUserMessage("t1", interrupted).join();
        StoreKit.markTurnFailed(store, "t1", "u-4").join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(queued, interrupted);
    }

    @Test
    protected void anAnsweredMessageIsNeverAnsweredAgainEvenWhenTheNewestReplyNamesNoStoredMessage() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage answered = user("u-1", "one", null);
        ThreadMessage unanswered = user("u-2", "two", null);
        store.appendUserMessage("t1", answered).join();
        StoreKit.appendReply(store, "t1", ThreadMessage.assistant("a-1", "1", now(), "u-1", false, null)).join();
        store.appendUserMessage("t1", unanswered).join();
        StoreKit.appendReply(store, "t1", ThreadMessage.assistant("a-9", "?", now(), "u-9", false, null)).join();

        assertThat(store.unansweredUserMessages("t1")).containsExactly(unanswered);
    }

    @Test
    protected void writesNotWaitedForAreAppliedInTheOrderTheyWereMadeAndADuplicateIsStillFound() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage question = user("u-1", "call it Atlas", "c1");
        ThreadMessage resent = user("u-2", "call it Atlas", "c1");
        AgentDraft named = AgentDraft.empty().withName("Atlas");
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Done.", now(), "u-1", false, null);

        CompletableFuture<UserMessageAppend> asked = store.appendUserMessage("t1", question);
        CompletableFuture<UserMessageAppend> again = store.appendUserMessage("t1", resent);
        CompletableFuture<List<AgentUpdated>> drafted = StoreKit.appendDrafts(store, "t1", List.of(named));
        CompletableFuture<MessageAdded> answered = StoreKit.appendReply(store, "t1", answer);

        assertThat(asked.join().event().seq()).isEqualTo(1);
        assertThat(again.join().duplicate()).isTrue();
        assertThat(((MessageAdded) again.join().event()).message()).isEqualTo(question);
        assertThat(drafted.join().get(0).seq()).isEqualTo(2);
        assertThat(answered.join().seq()).isEqualTo(3);
        assertThat(StoreKit.allEvents(store, "t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(named);
    }

    @Test
    protected void manyThreadsWrittenAtOnceFromManyCallersEachGetGapFreeSeqsInCallOrder() throws Exception {
        ThreadStore store = store();
        int threads = 8;
        int perThread = 50;
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String id = "busy-" + t;
                results.add(CompletableFuture.supplyAsync(() -> {
                    store.openThread(id, "alice");
                    List<CompletableFuture<StoredEvent>> writes = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        writes.add(store.appendUserMessage(id, user(id + "-u" + i, "m" + i, id + "-c" + i))
                                .thenApply(UserMessageAppend::event));
                    }
                    return writes.stream().map(w -> w.join().seq()).toList();
                }, callers));
            }
            for (int t = 0; t < threads; t++) {
                assertThat(results.get(t).join()).as("seqs in the order thread %d's writes were made", t)
                        .isEqualTo(StoredHistory.seqs(1, perThread));
                List<StoredEvent> stored = StoreKit.allEvents(store, "busy-" + t, 0);
                assertThat(stored).extracting(e -> ((MessageAdded) e).message().content())
                        .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> "m" + i).toList());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    protected void eventsAfterWithALimitGivesAtMostThatManyInSeqOrderAndNothingPastTheEnd() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.openThread("t2", "alice");
        AgentDraft draft = AgentDraft.empty();
        for (int i = 1; i <= 5; i++) {
            store.appendUserMessage("t1", user("u-" + i, "m" + i, null)).join();
            draft = draft.withName("v" + i);
            StoreKit.appendDrafts(store, "t1", List.of(draft)).join();
            store.appendUserMessage("t2", user("other-" + i, "m" + i, null)).join();
        }
        List<StoredEvent> all = StoreKit.allEvents(store, "t1", 0);

        assertThat(all).extracting(StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(store.eventsAfter("t1", 0, 3)).isEqualTo(all.subList(0, 3));
        assertThat(store.eventsAfter("t1", 3, 3)).isEqualTo(all.subList(3, 6));
        assertThat(store.eventsAfter("t1", 8, 5)).isEqualTo(all.subList(8, 10));
        assertThat(store.eventsAfter("t1", 0, 1)).isEqualTo(all.subList(0, 1));
        assertThat(store.eventsAfter("t1", 0, Integer.MAX_VALUE)).isEqualTo(all);
        assertThat(store.eventsAfter("t1", 10, 5)).isEmpty();
        assertThat(store.eventsAfter("t1", 99, 5)).isEmpty();
    }

    @Test
    protected void aLimitBelowOneIsAProgrammingErrorNamingTheValue() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.appendUserMessage("t1", user("u-1", "one", null)).join();

        assertThatThrownBy(() -> store.eventsAfter("t1", 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit").hasMessageContaining("0");
        assertThatThrownBy(() -> store.eventsAfter("t1", 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    protected void eventsAfterWithoutALimitGivesEveryLaterEventHoweverMany() {
        ThreadStore store = store();
        StoredHistory.write(store, "t1", "alice", 1_250);

        assertThat(StoreKit.allEvents(store, "t1", 0)).extracting(StoredEvent::seq).isEqualTo(StoredHistory.seqs(1, 2_500));
        assertThat(StoreKit.allEvents(store, "t1", 1_000)).extracting(StoredEvent::seq)
                .isEqualTo(StoredHistory.seqs(1_001, 2_500));
        assertThat(StoreKit.allEvents(store, "t1", 2_000 - 1)).extracting(StoredEvent::seq)
                .isEqualTo(StoredHistory.seqs(2_000, 2_500));
        assertThat(StoreKit.allEvents(store, "t1", 2_500)).isEmpty();
    }

    @Test
    protected void draftChangesByHandKeepTheirSourceAndClientMessageIdAcrossAReopen() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        AgentDraft byBuilder = AgentDraft.empty().withName("Trip Planner");
        StoreKit.appendDrafts(store, "t1", List.of(byBuilder)).join();
        AgentDraft byUser = byBuilder.withName("Wanderlust");
        DraftAppend stored = store.appendUserDraft("t1", byUser, DraftSource.USER, "e1").join();
        AgentDraft reverted = new AgentDraft("Trip Planner", "", "", List.of(), List.of(), 3);
        store.appendUserDraft("t1", reverted, DraftSource.REVERT, null).join();

        assertThat(stored.duplicate()).isFalse();
        assertThat(stored.event()).isEqualTo(new AgentUpdated(2, byUser, DraftSource.USER));
        ThreadStore later = durable() ? reopen(store) : store;
        later.openThread("t1", "alice");
        assertThat(StoreKit.allEvents(later, "t1", 0)).containsExactly(new AgentUpdated(1, byBuilder, DraftSource.BUILDER),
                new AgentUpdated(2, byUser, DraftSource.USER), new AgentUpdated(3, reverted, DraftSource.REVERT));
        assertThat(later.openThread("t1", "alice").draft()).isEqualTo(reverted);
        assertThat(later.findByClientMessageId("t1", "e1")).contains(stored.event());
        assertThat(later.draftAt("t1", 2)).contains(byUser);
        assertThat(later.draftAt("t1", 0)).contains(AgentDraft.empty());
        assertThat(later.draftAt("t1", 4)).isEmpty();
    }

    @Test
    protected void aDraftChangeByHandOnAnOlderVersionIsAConflictAndNothingIsWritten() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        StoreKit.appendDrafts(store, "t1", List.of(AgentDraft.empty().withName("Trip Planner"))).join();

        AgentDraft stale = AgentDraft.empty().withName("Wanderlust");
        assertThat(store.appendUserDraft("t1", stale, DraftSource.USER, "e1"))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(VersionConflict.class,
                        conflict -> assertThat(conflict.currentVersion()).isEqualTo(1));
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(1);
        assertThat(store.findByClientMessageId("t1", "e1")).isEmpty();
        assertThat(store.appendUserMessage("t1", user("u-1", "next", null)).join().event().seq()).isEqualTo(2);
    }

    @Test
    protected void aClientMessageIdIsOneNamespaceForMessagesAndDraftChanges() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        StoredEvent change = store.appendUserDraft("t1", AgentDraft.empty().withName("Wanderlust"), DraftSource.USER,
                "same").join().event();

        UserMessageAppend message = store.appendUserMessage("t1", user("u-1", "hello", "same")).join();
        DraftAppend again = store.appendUserDraft("t1", AgentDraft.empty().withName("Wanderlust"), DraftSource.USER,
                "same").join();

        assertThat(message.duplicate()).isTrue();
        assertThat(message.event()).isEqualTo(change);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.event()).isEqualTo(change);
        assertThat(StoreKit.allEvents(store, "t1", 0)).containsExactly(change);
        assertThat(store.appendUserMessage("t1", user("u-2", "next", "other")).join().event().seq()).isEqualTo(2);
    }

    @Test
    protected void previewMessagesKeepTheirChannelAndThePreviewsChatMemoryIsKeptApart() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        ThreadMessage question = ThreadMessage.user("u-1", "Who are you?", now(), "alice", "p1", Channel.PREVIEW);
        store.appendUserMessage("t1", question).join();
        List<ChatMessage> builderMemory = List.of(UserMessage.from("plan trips"), AiMessage.from("Done."));
        List<ChatMessage> previewMemory = List.of(UserMessage.from("Who are you?"), AiMessage.from("Wanderlust."));
        ThreadMessage answer = ThreadMessage.assistant("a-1", "Wanderlust.", now(), "u-1", false, null,
                Channel.PREVIEW);
        StoreKit.underLease(store, "t1", w -> w.appendReply(answer, new ChatMemories(Map.of("t1", builderMemory,
                ChatMemories.previewId("t1"), previewMemory)))).join();

        ThreadStore later = durable() ? reopen(store) : store;
        later.openThread("t1", "alice");
        assertThat(StoreKit.allEvents(later, "t1", 0)).containsExactly(new MessageAdded(1, question),
                new MessageAdded(2, answer));
        assertThat(later.chatMemory("t1")).isEqualTo(builderMemory);
        assertThat(later.chatMemory(ChatMemories.previewId("t1"))).isEqualTo(previewMemory);
    }

    protected static ChatMemories memories(String memoryId, List<ChatMessage> window) {
        return new ChatMemories(Map.of(memoryId, window));
    }

    protected static ThreadMessage reply(String id, String replyTo) {
        return ThreadMessage.assistant(id, "answer", now(), replyTo, false, null);
    }

    protected static ThreadMessage user(String id, String content, String clientMessageId) {
        return ThreadMessage.user(id, content, now(), "alice", clientMessageId);
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
