package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadPosition;
import dev.agentbuilder.chat.core.ThreadTitles;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadDirectory;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@link ThreadDirectory} must do: each thread's metadata kept in step with what is stored, a
 * user's threads newest first in pages, search, renaming, deletion that leaves nothing behind (and fences out a turn
 * that was running), and the idle threads a retention period deletes. A store's test extends this, says how to get an
 * empty store, and how to move a thread's last change to a given instant (as a clock would), so that threads can share
 * a millisecond.
 */
public abstract class ThreadDirectoryContract {

    private final List<ThreadStore> open = new ArrayList<>();

    /** A store over empty storage, the same storage for every call within one test. */
    protected abstract ThreadStore openStore();

    /** Whether a store opened again over the same storage finds what an earlier one stored. */
    protected abstract boolean durable();

    /** Makes {@code updatedAt} the time of the thread's last change, as if its last event had been stored then. */
    protected abstract void setUpdatedAt(ThreadStore store, String threadId, Instant updatedAt);

    protected final ThreadStore store() {
        ThreadStore store = openStore();
        open.add(store);
        return store;
    }

    private ThreadStore reopen(ThreadStore store) {
        store.close();
        open.remove(store);
        return store();
    }

    @AfterEach
    void closeAll() {
        List.copyOf(open).forEach(ThreadStore::close);
        open.clear();
    }

    @Test
    protected void anOpenedThreadIsListedForItsOwnerAtOnceWithNothingButItsOwnerAndItsTime() {
        ThreadStore store = store();
        Instant before = now();
        store.openThread("t1", "alice");
        store.openThread("t2", "bob");

        ThreadInfo info = store.directory().thread("t1").orElseThrow();
        assertThat(info).isEqualTo(new ThreadInfo("t1", "alice", "", info.createdAt(), info.createdAt(), "", 0, null,
                0));
        assertThat(info.createdAt()).isBetween(before, Instant.now());
        assertThat(store.directory().threadsOf("alice", "", null, 10)).containsExactly(info);
        assertThat(store.directory().thread("nobody")).isEmpty();
        assertThat(store.directory().threadsOf("carol", "", null, 10)).isEmpty();
    }

    @Test
    protected void everyFieldFollowsMessagesRepliesBuilderDraftsAndADraftByHand() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        Instant created = info(store, "t1").createdAt();

        Instant at = stamped(() -> store.appendUserMessage("t1", user("u-1", "  Plan my\n\ntrip   to Lisbon  ",
                Channel.BUILDER)).join());
        assertThat(info(store, "t1")).isEqualTo(new ThreadInfo("t1", "alice", "Plan my trip to Lisbon", created,
                info(store, "t1").updatedAt(), "", 0, "Plan my trip to Lisbon", 1));
        assertThat(info(store, "t1").updatedAt()).isBetween(at, Instant.now());

        StoreKit.appendReply(store, "t1", reply("a-1", "Sure — which dates?", "u-1", Channel.BUILDER)).join();
        StoreKit.appendDrafts(store, "t1", List.of(AgentDraft.empty().withName("Trip Planner"),
                AgentDraft.empty().withName("Trip Planner").withName("Wanderlust"))).join();
        ThreadInfo named = info(store, "t1");
        assertThat(named.title()).isEqualTo("Wanderlust");
        assertThat(named.agentName()).isEqualTo("Wanderlust");
        assertThat(named.agentVersion()).isEqualTo(2);
        assertThat(named.lastMessage()).isEqualTo("Sure — which dates?");
        assertThat(named.messageCount()).isEqualTo(2);

        store.appendUserMessage("t1", user("u-2", "Who are you?", Channel.PREVIEW)).join();
        String long300 = "word ".repeat(60).strip();
        at = stamped(() -> StoreKit.appendReply(store, "t1", reply("a-2", long300, "u-2", Channel.PREVIEW)).join());
        ThreadInfo previewed = info(store, "t1");
        assertThat(previewed.lastMessage()).isEqualTo(ThreadTitles.preview(long300)).hasSize(200).endsWith("…");
        assertThat(previewed.messageCount()).isEqualTo(4);
        assertThat(previewed.title()).as("a later user message leaves the title").isEqualTo("Wanderlust");
        assertThat(previewed.updatedAt()).isBetween(at, Instant.now()).isAfterOrEqualTo(named.updatedAt());

        AgentDraft blank = new AgentDraft("   ", "", "", List.of(), List.of(), 3);
        store.appendUserDraft("t1", blank, DraftSource.REVERT, "e-1").join();
        StoreKit.markTurnFailed(store, "t1", "u-2").join();
        ThreadInfo reverted = info(store, "t1");
        assertThat(reverted).isEqualTo(new ThreadInfo("t1", "alice", "Plan my trip to Lisbon", created,
                reverted.updatedAt(), "   ", 3, ThreadTitles.preview(long300), 4));

        ThreadStore later = durable() ? reopen(store) : store;
        assertThat(later.directory().thread("t1")).contains(reverted);
        assertThat(later.directory().threadsOf("alice", "", null, 5)).containsExactly(reverted);
    }

    @Test
    protected void aFirstMessageLongerThanATitleIsCutAndOnlyAUserMessageNamesTheThread() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        String long100 = "x".repeat(100);
        StoreKit.appendReply(store, "t1", reply("a-0", "Hello! What shall we build?", "none", Channel.BUILDER))
                .join();
        assertThat(info(store, "t1").title()).as("an assistant message names nothing").isEmpty();

        store.appendUserMessage("t1", user("u-1", long100, Channel.BUILDER)).join();

        assertThat(info(store, "t1").title()).isEqualTo(ThreadTitles.fromFirstMessage(long100)).hasSize(80)
                .endsWith("…");
        assertThat(info(store, "t1").lastMessage()).isEqualTo(long100);
        assertThat(info(store, "t1").messageCount()).isEqualTo(2);
    }

    @Test
    protected void theListingIsNewestFirstAndPagesGoOnStrictlyAfterAPositionThroughThreadsOfTheSameMillisecond() {
        ThreadStore store = store();
        Instant t = Instant.parse("2026-03-01T10:00:00.123Z");
        for (String id : List.of("a", "b", "c", "d", "e", "f")) {
            store.openThread(id, id.equals("f") ? "bob" : "alice");
            store.appendUserMessage(id, user("u-" + id, "about " + id, Channel.BUILDER)).join();
        }
        setUpdatedAt(store, "a", t);
        setUpdatedAt(store, "b", t);
        setUpdatedAt(store, "c", t);
        setUpdatedAt(store, "d", t.minusMillis(1));
        setUpdatedAt(store, "e", t.plusSeconds(60));
        setUpdatedAt(store, "f", t);
        ThreadDirectory directory = store.directory();

        assertThat(ids(directory.threadsOf("alice", "", null, 10))).containsExactly("e", "c", "b", "a", "d");
        List<String> paged = new ArrayList<>();
        ThreadPosition after = null;
        for (int page = 0; page < 10; page++) {
            List<ThreadInfo> found = directory.threadsOf("alice", "", after, 2);
            paged.addAll(ids(found));
            if (found.size() < 2) {
                break;
            }
            after = found.get(found.size() - 1).position();
        }
        assertThat(paged).containsExactly("e", "c", "b", "a", "d");
        assertThat(info(store, "b").updatedAt()).isEqualTo(t);
        assertThat(ids(directory.threadsOf("alice", "", new ThreadPosition(t, "b"), 10))).containsExactly("a", "d");
        assertThat(ids(directory.threadsOf("alice", "", new ThreadPosition(t, "bz"), 10)))
                .containsExactly("b", "a", "d");
        assertThat(ids(directory.threadsOf("alice", "", new ThreadPosition(t.minusMillis(1), "d"), 10))).isEmpty();
        assertThatThrownBy(() -> directory.threadsOf("alice", "", null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    protected void searchFindsTitlesAndAgentNamesIgnoringCaseAndTakesWildcardsLiterally() {
        ThreadStore store = store();
        thread(store, "percent", "Budget: 100% sure");
        thread(store, "hundred", "100 percent");
        thread(store, "snake", "rename snake_case things");
        thread(store, "treacle", "treacle tart");
        thread(store, "backslash", "dir a\\b");
        thread(store, "plain", "dir ab");
        thread(store, "agent", "plan a holiday");
        store.directory().rename("agent", "Summer").join();
        StoreKit.appendDrafts(store, "agent", List.of(AgentDraft.empty().withName("Trip PLANNER"))).join();
        store.openThread("bobs", "bob");
        store.appendUserMessage("bobs", user("u-1", "100% Trip Planner", Channel.BUILDER)).join();
        ThreadDirectory directory = store.directory();

        assertThat(ids(directory.threadsOf("alice", search("100%"), null, 10))).containsExactly("percent");
        assertThat(ids(directory.threadsOf("alice", search("e_c"), null, 10))).containsExactly("snake");
        assertThat(ids(directory.threadsOf("alice", search("a\\b"), null, 10))).containsExactly("backslash");
        assertThat(ids(directory.threadsOf("alice", search("TRIP planner"), null, 10)))
                .as("by the agent's name, whatever the title").containsExactly("agent");
        assertThat(ids(directory.threadsOf("alice", search("summer"), null, 10))).containsExactly("agent");
        assertThat(ids(directory.threadsOf("alice", search("holiday"), null, 10)))
                .as("the first message is no longer the title").isEmpty();
        assertThat(ids(directory.threadsOf("alice", search("DIR"), null, 10))).containsExactlyInAnyOrder("plain",
                "backslash");
        ThreadInfo first = directory.threadsOf("alice", search("dir"), null, 1).get(0);
        assertThat(directory.threadsOf("alice", search("dir"), first.position(), 5)).hasSize(1)
                .noneMatch(other -> other.threadId().equals(first.threadId()));
    }

    @Test
    protected void aRenameOutranksTheAgentsNameAndTheFirstMessageAndLeavesTheTimeOfTheLastChange() {
        ThreadStore store = store();
        thread(store, "t1", "plan my trip");
        ThreadInfo before = info(store, "t1");

        ThreadInfo renamed = store.directory().rename("t1", "Lisbon in May").join().orElseThrow();

        assertThat(renamed).isEqualTo(new ThreadInfo("t1", "alice", "Lisbon in May", before.createdAt(),
                before.updatedAt(), "", 0, "plan my trip", 1));
        StoreKit.appendDrafts(store, "t1", List.of(AgentDraft.empty().withName("Wanderlust"))).join();
        assertThat(info(store, "t1").title()).isEqualTo("Lisbon in May");
        assertThat(info(store, "t1").agentName()).isEqualTo("Wanderlust");
        assertThat(store.directory().rename("nobody", "Title").join()).isEmpty();
        assertThat(store.directory().thread("nobody")).isEmpty();
    }

    @Test
    protected void aRenameIsAppliedInOrderWithTheThreadsWrites() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        CompletableFuture<?> message = store.appendUserMessage("t1", user("u-1", "first", Channel.BUILDER));
        CompletableFuture<java.util.Optional<ThreadInfo>> renamed = store.directory().rename("t1", "Mine");

        assertThat(renamed.join()).hasValueSatisfying(info -> {
            assertThat(info.title()).isEqualTo("Mine");
            assertThat(info.messageCount()).as("the message called before it is stored first").isEqualTo(1);
        });
        message.join();
    }

    @Test
    protected void aDeleteLeavesNothingSoTheSameIdStartsAfresh() {
        ThreadStore store = store();
        thread(store, "t1", "plan my trip");
        thread(store, "kept", "keep me");
        store.appendUserMessage("t1", user("u-2", "and then?", Channel.BUILDER)).join();
        store.appendUserDraft("t1", AgentDraft.empty().withName("By hand"), DraftSource.USER, "e-1").join();
        TurnWriter writer = writer(store, "t1");
        writer.appendReply(reply("a-1", "answer", "u-1", Channel.BUILDER), new ChatMemories(Map.of(
                "t1", List.of(UserMessage.from("plan"), AiMessage.from("answer")),
                ChatMemories.previewId("t1"), List.of(UserMessage.from("who?"))))).join();
        writer.markTurnFailed("u-2", ChatMemories.NONE).join();
        store.directory().rename("t1", "Mine").join();

        assertThat(store.directory().delete("t1").join()).isTrue();

        assertThat(store.directory().thread("t1")).isEmpty();
        assertThat(ids(store.directory().threadsOf("alice", "", null, 10))).containsExactly("kept");
        assertThat(store.chatMemory("t1")).isEmpty();
        assertThat(store.chatMemory(ChatMemories.previewId("t1"))).isEmpty();
        Instant reopenedAt = now();
        ThreadStore.StoredThread again = store.openThread("t1", "bob");
        assertThat(again).isEqualTo(new ThreadStore.StoredThread("t1", "bob", AgentDraft.empty(), 0));
        assertThat(StoreKit.allEvents(store, "t1", 0)).isEmpty();
        assertThat(store.findByClientMessageId("t1", "e-1")).isEmpty();
        assertThat(store.draftAt("t1", 1)).isEmpty();
        assertThat(store.unansweredUserMessages("t1")).isEmpty();
        ThreadInfo fresh = info(store, "t1");
        assertThat(fresh).isEqualTo(new ThreadInfo("t1", "bob", "", fresh.createdAt(), fresh.createdAt(), "", 0, null,
                0));
        assertThat(fresh.createdAt()).isAfterOrEqualTo(reopenedAt);
        ThreadMessage resent = ThreadMessage.user("u-2", "and then?", now(), "bob", "e-1");
        ThreadStore.UserMessageAppend stored = store.appendUserMessage("t1", resent).join();
        assertThat(stored.duplicate()).as("its clientMessageIds are forgotten").isFalse();
        assertThat(stored.event().seq()).isEqualTo(1);
        assertThat(store.unansweredUserMessages("t1")).as("and its failed turns").containsExactly(resent);
        assertThat(info(store, "kept").messageCount()).isEqualTo(1);
        assertThat(StoreKit.allEvents(store, "kept", 0)).hasSize(1);
    }

    @Test
    protected void aTurnWriterFromBeforeADeleteStoresNothingAfterwardsNorOnceTheIdIsOpenedAgain() {
        ThreadStore store = store();
        thread(store, "t1", "plan my trip");
        TurnWriter stale = writer(store, "t1");

        assertThat(store.directory().delete("t1").join()).isTrue();
        assertFails(stale.appendReply(reply("a-1", "late", "u-1", Channel.BUILDER), memory("t1")));

        store.openThread("t1", "alice");
        store.appendUserMessage("t1", user("u-9", "a new start", Channel.BUILDER)).join();
        assertFails(stale.appendReply(reply("a-2", "later", "u-9", Channel.BUILDER), memory("t1")));
        assertFails(stale.appendDrafts(List.of(AgentDraft.empty().withName("Stale")), memory("t1")));
        assertFails(stale.markTurnFailed("u-9", memory(ChatMemories.previewId("t1"))));

        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(1);
        assertThat(store.chatMemory("t1")).isEmpty();
        assertThat(store.chatMemory(ChatMemories.previewId("t1"))).isEmpty();
        assertThat(store.unansweredUserMessages("t1")).extracting(ThreadMessage::id).containsExactly("u-9");
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(AgentDraft.empty());
        assertThat(info(store, "t1").messageCount()).isEqualTo(1);
        assertThat(writer(store, "t1").appendReply(reply("a-3", "fresh", "u-9", Channel.BUILDER), memory("t1"))
                .join().seq()).as("a writer made now writes").isEqualTo(2);
    }

    @Test
    protected void deletingAThreadNobodyStoredSaysSoAndChangesNothing() {
        ThreadStore store = store();
        thread(store, "t1", "hello");

        assertThat(store.directory().delete("nobody").join()).isFalse();
        assertThat(store.directory().delete("t1").join()).isTrue();
        assertThat(store.directory().delete("t1").join()).as("once is enough").isFalse();
        assertThat(store.directory().threadsOf("alice", "", null, 10)).isEmpty();
    }

    @Test
    protected void idleThreadsAreThoseLastChangedBeforeAnInstantOldestFirst() {
        ThreadStore store = store();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        for (String id : List.of("old", "older", "oldest", "twin", "recent")) {
            thread(store, id, "about " + id);
        }
        store.openThread("bobs", "bob");
        store.appendUserMessage("bobs", user("u-1", "hi", Channel.BUILDER)).join();
        setUpdatedAt(store, "oldest", t.minus(Duration.ofDays(30)));
        setUpdatedAt(store, "older", t.minus(Duration.ofDays(20)));
        setUpdatedAt(store, "twin", t.minus(Duration.ofDays(20)));
        setUpdatedAt(store, "old", t.minus(Duration.ofDays(10)));
        setUpdatedAt(store, "bobs", t.minus(Duration.ofDays(15)));
        setUpdatedAt(store, "recent", t);

        assertThat(store.directory().idleSince(t, 10)).containsExactly("oldest", "older", "twin", "bobs", "old");
        assertThat(store.directory().idleSince(t.minus(Duration.ofDays(12)), 2)).containsExactly("oldest", "older");
        assertThat(store.directory().idleSince(t.minus(Duration.ofDays(10)), 10)).doesNotContain("old");
        assertThat(store.directory().idleSince(t.minus(Duration.ofDays(40)), 10)).isEmpty();
    }

    /** A turn writer made now: under a lease of its own on a cluster store, else the lease of one process. */
    protected static TurnWriter writer(ThreadStore store, String threadId) {
        TurnLock.Lease lease = store.cluster()
                .map(cluster -> cluster.turnLock().tryAcquire(threadId)
                        .orElseThrow(() -> new AssertionError("the lease of " + threadId + " is held")))
                .orElse(new TurnLock.Lease(threadId, 0));
        return store.turnWriter(lease);
    }

    /** A thread of alice's whose first message is {@code first}. */
    protected static void thread(ThreadStore store, String threadId, String first) {
        store.openThread(threadId, "alice");
        store.appendUserMessage(threadId, user("u-1", first, Channel.BUILDER)).join();
    }

    protected static ThreadInfo info(ThreadStore store, String threadId) {
        return store.directory().thread(threadId).orElseThrow(() -> new AssertionError("no thread " + threadId));
    }

    private static List<String> ids(List<ThreadInfo> threads) {
        return threads.stream().map(ThreadInfo::threadId).toList();
    }

    private static String search(String text) {
        return ThreadTitles.normalizeSearch(text);
    }

    /** Runs {@code write} and gives the time just before it, to the millisecond, as stores keep times. */
    private static Instant stamped(Supplier<?> write) {
        Instant before = now();
        write.get();
        return before;
    }

    private static void assertFails(CompletableFuture<?> write) {
        assertThat(write).failsWithin(Duration.ofSeconds(10));
    }

    private static ChatMemories memory(String memoryId) {
        return new ChatMemories(Map.of(memoryId, List.of(UserMessage.from("stale"))));
    }

    protected static ThreadMessage user(String id, String content, Channel channel) {
        return ThreadMessage.user(id, content, now(), "alice", null, channel);
    }

    protected static ThreadMessage reply(String id, String content, String replyTo, Channel channel) {
        return ThreadMessage.assistant(id, content, now(), replyTo, false, null, channel);
    }

    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
