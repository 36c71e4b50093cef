package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ForwardingTurnWriter;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two engines (two nodes) on one store, one shared lease and one bus that may lose events: the cluster semantics of
 * the engine, with the store and the bus behind their interfaces.
 */
@Timeout(60)
class TwoNodesTest {

    private final ThreadStore memory = ThreadStores.inMemory();
    /** Long enough that a loaded machine does not let it lapse by accident; the tests that need it gone say so. */
    private final SharedLease lease = new SharedLease(memory, Duration.ofSeconds(3));
    private final LossyBus bus = new LossyBus();
    private final ScriptedModel modelA = new ScriptedModel();
    private final ScriptedModel modelB = new ScriptedModel();
    private final List<ChatEngine> engines = new ArrayList<>();

    private ChatEngine node(String name, ScriptedModel model) {
        return node(name, model, new FencingStore(memory, lease, name));
    }

    private ChatEngine node(String name, ScriptedModel model, ThreadStore store) {
        ChatEngine engine = ChatEngine.builder()
                .model(model)
                .store(store)
                .bus(bus.node(name))
                .sessionGrace(Duration.ZERO)
                .build();
        engines.add(engine);
        return engine;
    }

    /** Nodes a and b, alice in thread t1 on each (her member on a returned), both past their ready. */
    private ThreadMember aliceOnBothNodes(RecordingListener onA, RecordingListener onB) {
        ThreadMember alice = node("a", modelA).join("t1", "alice", 0, onA);
        node("b", modelB).join("t1", "alice", 0, onB);
        onA.expect(ThreadSnapshot.class);
        onB.expect(ThreadSnapshot.class);
        return alice;
    }

    @AfterEach
    void shutDown() {
        engines.forEach(e -> e.shutdown(Duration.ZERO));
        memory.close();
    }

    @Test
    void aMessageSentToOneNodeIsAnsweredOnceAndMembersOnBothNodesSeeTheSameEventsInOrder() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember alice = aliceOnBothNodes(onA, onB);

        alice.submit("I want an agent that plans trips", "c1");
        modelA.awaitCall().delta("Happy ").delta("to help.").complete();

        List<Object> seenOnA = onA.untilReply();
        List<Object> seenOnB = onB.untilReply();
        assertThat(seenOnA).filteredOn(Accepted.class::isInstance).hasSize(1);
        assertThat(events(seenOnB)).isEqualTo(events(seenOnA));
        assertThat(seenOnB).filteredOn(AssistantDelta.class::isInstance)
                .extracting(d -> ((AssistantDelta) d).delta()).containsExactly("Happy ", "to help.");
        assertThat(modelB.waitingCalls()).as("node b never called its model").isZero();
        assertThat(StoreKit.allEvents(memory, "t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void aChangeByHandReachesTheOtherNodeWithItsSourceAndOneMadeThereOnAVersionItHasNotHeardOfIsAConflict() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember aliceOnA = node("a", modelA).join("t1", "alice", 0, onA);
        ThreadMember aliceOnB = node("b", modelB).join("t1", "alice", 0, onB);
        onA.expect(ThreadSnapshot.class);
        onB.expect(ThreadSnapshot.class);

        aliceOnA.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        AgentUpdated heard = onB.expect(AgentUpdated.class);
        assertThat(heard.source()).isEqualTo(DraftSource.USER);
        assertThat(heard.agent().name()).isEqualTo("Wanderlust");

        // Node b loses the next change on the bus: it still believes the draft is at version 1.
        bus.drop("b", e -> e instanceof AgentUpdated);
        aliceOnA.updateAgent(1, new AgentChanges(null, "Plans trips.", null, null, null), "e2");
        // Version 2 itself: the first AgentUpdated still queued for a is version 1's.
        onA.until(o -> o instanceof AgentUpdated u && u.agent().version() == 2);
        aliceOnB.updateAgent(1, new AgentChanges("Roamer", null, null, null, null), "e3");

        SubmitResult.VersionConflict conflict = onB.await(SubmitResult.VersionConflict.class);
        assertThat(conflict.currentVersion()).isEqualTo(2);
        assertThat(StoreKit.allEvents(memory, "t1", 0)).extracting(e -> ((AgentUpdated) e).agent().version())
                .containsExactly(1L, 2L);
        assertThat(memory.openThread("t1", "alice").draft().name()).isEqualTo("Wanderlust");
    }

    @Test
    void aStoredEventTheBusLostIsReadFromTheStoreBeforeTheNextOneIsDelivered() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember alice = aliceOnBothNodes(onA, onB);
        // Node b loses the user message (seq 1) on the bus.
        bus.drop("b", e -> e instanceof MessageAdded m && m.seq() == 1);

        alice.submit("hello", "c1");
        modelA.awaitCall().delta("Hi.").complete();

        List<Long> storedOnB = storedSeqsThroughTheReply(onB);
        assertThat(storedOnB).containsExactly(1L, 2L);
    }

    @Test
    void afterTheBusComesBackMembersGetEveryStoredEventTheyMissedWhileItWasDown() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember alice = aliceOnBothNodes(onA, onB);
        bus.drop("b", e -> true);

        alice.submit("hello", "c1");
        modelA.awaitCall().delta("Hi.").complete();
        onA.untilReply();
        bus.deliverAll("b");
        bus.resubscribe("b");

        List<Long> storedOnB = storedSeqsThroughTheReply(onB);
        assertThat(storedOnB).containsExactly(1L, 2L);
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverStopsWithoutAWordAndTheOtherAnswersTheMessageOnce() {
        RecordingListener onA = new RecordingListener();
        ScriptedModel.Call stalled = aTurnStalledOnNodeA(onA);
        // Node a is paused past its lease; node b, which nobody is connected to, sweeps and answers.
        lease.pauseHolder("t1");
        node("b", modelB);
        ScriptedModel.Call takeover = modelB.awaitCall();
        takeover.delta("I am node b.").complete();
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.unansweredUserMessages("t1").isEmpty());

        lease.resume("a");
        stalled.delta("still here.").complete();

        List<Object> seen = onA.until(o -> o instanceof MessageAdded m && m.message().role() == Role.ASSISTANT
                && m.message().content().equals("I am node b."));
        assertThat(seen).noneMatch(o -> o instanceof ThreadEvent.TurnFailed);
        await().atMost(Duration.ofSeconds(10)).until(() -> lease.holder("t1").isEmpty());
        List<ThreadMessage> replies = StoreKit.allEvents(memory, "t1", 0).stream()
                .filter(MessageAdded.class::isInstance).map(e -> ((MessageAdded) e).message())
                .filter(m -> m.role() == Role.ASSISTANT).toList();
        assertThat(replies).extracting(ThreadMessage::content).containsExactly("I am node b.");
        assertThat(memory.chatMemory("t1")).as("the chat memory node b stored, untouched by node a")
                .anyMatch(m -> m.toString().contains("I am node b.")).noneMatch(m -> m.toString().contains("still here"));

        // Node a reads the thread again under its next lease: the memory it had not written is gone, node b's is in.
        RecordingListener again = new RecordingListener();
        ThreadMember aliceOnA = engines.get(0).join("t1", "alice", 0, again);
        again.expect(ThreadSnapshot.class);
        aliceOnA.submit("and now?", "c2");
        ScriptedModel.Call next = modelA.awaitCall();
        assertThat(next.request().messages()).as("what node a's next turn sends the model")
                .anyMatch(m -> m.toString().contains("I am node b.")).noneMatch(m -> m.toString().contains("still here"));
        next.delta("Node a again.").complete();
        again.untilReply();
    }

    @Test
    void aNodeWhoseReplyWriteDiesAfterItsLeaseWasTakenOverSaysNothingAndTheOtherAnswersOnce() {
        RecordingListener onA = new RecordingListener();
        LostReply lostReply = new LostReply(new FencingStore(memory, lease, "a"));
        ThreadMember alice = node("a", modelA, lostReply).join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        alice.submit("hello", "c1");
        ScriptedModel.Call stalled = modelA.awaitCall().delta("I am node a, ");
        lease.pauseHolder("t1");
        node("b", modelB);
        modelB.awaitCall().delta("I am node b.").complete();
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.unansweredUserMessages("t1").isEmpty());

        // Node a finishes its reply while still paused, and wakes with the write's connection gone (the database ends
        // a transaction idle for too long): the write fails without a word from the fence.
        stalled.delta("still here.").complete();
        lostReply.awaitWrite();
        lease.resume("a");
        lostReply.fail();
        // Node a asks the lease before it says anything of the failed write, and learns the lease is not its own.
        lease.awaitRefusedRenewal("a");
        // Published behind whatever node a said of the failed write, through the same bus: all of that reaches alice
        // before this change does.
        alice.updateAgent(0, new AgentChanges("Probe", null, null, null, null), "probe");

        List<Object> seen = onA.until(o -> o instanceof AgentUpdated);
        assertThat(seen).as("a failure announced for a turn another node answered")
                .noneMatch(o -> o instanceof ThreadEvent.TurnFailed);
        assertThat(StoreKit.allEvents(memory, "t1", 0)).filteredOn(MessageAdded.class::isInstance)
                .extracting(e -> ((MessageAdded) e).message().content()).containsExactly("hello", "I am node b.");
    }

    @Test
    void aDeltaStreamedUnderALeaseAnotherNodeHasTakenSinceReachesNobody() {
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember aliceOnA = node("a", modelA).join("t1", "alice", 0, onA);
        ThreadMember aliceOnB = node("b", modelB).join("t1", "alice", 0, onB);
        onA.expect(ThreadSnapshot.class);
        onB.expect(ThreadSnapshot.class);
        aliceOnA.submit("hello", "c1");
        modelA.awaitCall().delta("From node a.").complete();
        onA.untilReply();
        onB.untilReply();
        await().atMost(Duration.ofSeconds(10)).until(() -> lease.holder("t1").isEmpty());

        // Node b's turn runs under the lease's second token; node a's delta of the first comes late, as one on its way
        // out when node a was paused would.
        aliceOnB.submit("and now?", "c2");
        ScriptedModel.Call onNodeB = modelB.awaitCall().delta("From node b, ");
        assertThat(onA.await(AssistantDelta.class).fence()).isEqualTo(2);
        bus.node("a").publish("t1", new AssistantDelta("stale-reply", "too late", Channel.BUILDER, 1));
        onNodeB.delta("still.").complete();

        for (RecordingListener member : List.of(onA, onB)) {
            assertThat(member.untilReply()).as("what a member sees after node b's first delta")
                    .noneMatch(o -> o instanceof AssistantDelta d && d.messageId().equals("stale-reply"));
        }
    }

    @Test
    void aThreadWaitingForATurnWithNoLiveLeaseIsAnsweredWithNobodyConnected() {
        memory.openThread("orphan", "alice");
        memory.appendUserMessage("orphan",
                ThreadMessage.user("u-1", "plan my trips", Instant.now(), "alice", "c1")).join();
        lease.watch("orphan");

        node("a", modelA);
        modelA.awaitCall().delta("On it.").complete();

        await().atMost(Duration.ofSeconds(10)).until(() -> memory.unansweredUserMessages("orphan").isEmpty());
        Map<Role, Long> messages = StoreKit.allEvents(memory, "orphan", 0).stream()
                .filter(MessageAdded.class::isInstance).map(e -> ((MessageAdded) e).message())
                .collect(Collectors.groupingBy(ThreadMessage::role, Collectors.counting()));
        assertThat(messages).containsEntry(Role.USER, 1L).containsEntry(Role.ASSISTANT, 1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> engines.get(0).activeThreads() == 0);
    }

    @Test
    void aStoredEventWhoseGapTheStoreCannotFillYetWaitsAndIsDeliveredInOrderOnceItCan() {
        HistoryOutage outage = new HistoryOutage(memory);
        RecordingListener onA = new RecordingListener();
        RecordingListener onB = new RecordingListener();
        ThreadMember alice = node("a", modelA).join("t1", "alice", 0, onA);
        node("b", modelB, fenced(outage, "b")).join("t1", "alice", 0, onB);
        onA.expect(ThreadSnapshot.class);
        onB.expect(ThreadSnapshot.class);
        // Node b loses the user message (seq 1) on the bus, and cannot read it from the store for now.
        bus.drop("b", e -> e instanceof MessageAdded m && m.seq() == 1);
        outage.start();

        alice.submit("hello", "c1");
        modelA.awaitCall().delta("Hi.").complete();
        onA.untilReply();
        outage.awaitFailedGapRead();
        outage.end();
        bus.resubscribe("b");

        List<Long> storedOnB = storedSeqsThroughTheReply(onB);
        assertThat(storedOnB).containsExactly(1L, 2L);
        // The status that came while b's member was behind follows the events it waited behind.
        assertThat(onB.await(ThreadEvent.StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
    }

    @Test
    void aNodeCutOffFromTheStorePastItsLeaseStopsItsTurnAndTheOtherAnswersTheMessageOnce() {
        RecordingListener onA = new RecordingListener();
        ScriptedModel.Call stalled = aTurnStalledOnNodeA(onA);

        // Node a's renewals fail from now on; it cannot know whether it still holds the lease once it may have run
        // out, so it stops speaking, and node b answers when the lease has run out.
        lease.cutOff("a");
        assertThat(stalled.awaitCancelled()).as("node a stopped its model call").isTrue();
        node("b", modelB);
        modelB.awaitCall().delta("I am node b.").complete();

        List<Object> seen = onA.until(o -> o instanceof MessageAdded m && m.message().role() == Role.ASSISTANT);
        assertThat(seen).noneMatch(TurnFailed.class::isInstance);
        assertThat(((MessageAdded) seen.get(seen.size() - 1)).message().content()).isEqualTo("I am node b.");
        await().atMost(Duration.ofSeconds(10)).until(() -> memory.unansweredUserMessages("t1").isEmpty());
        assertThat(StoreKit.allEvents(memory, "t1", 0)).filteredOn(MessageAdded.class::isInstance)
                .extracting(e -> ((MessageAdded) e).message().content()).containsExactly("hello", "I am node b.");
    }

    @Test
    void underASharedLeaseAFailedTurnIsAnnouncedOnceItsFailureIsStoredAndItsMessageIsNotRunAgain() {
        HeldFailureMarks marks = new HeldFailureMarks(memory);
        RecordingListener onA = new RecordingListener();
        ThreadMember alice = node("a", modelA, fenced(marks, "a")).join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        alice.submit("hello", "c1");
        modelA.awaitCall().fail(new AuthenticationException(new HttpException(401, "Incorrect API key")));

        marks.awaitMark();
        // Until the failure is stored, the store still says the message waits: the next turn must not ask.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> marks.readsBeforeTheMark() == 0);
        marks.release();
        onA.await(TurnFailed.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> lease.holder("t1").isEmpty());
        assertThat(modelA.waitingCalls()).as("model calls after the failure").isZero();
        assertThat(memory.unansweredUserMessages("t1")).isEmpty();
    }

    @Test
    void underASharedLeaseAFailureMarkTheStoreCouldNotTakeIsTriedAgainAndItsMessageIsNotRunAgain() {
        HeldFailureMarks marks = new HeldFailureMarks(memory);
        marks.failFirst();
        marks.release();
        RecordingListener onA = new RecordingListener();
        ThreadMember alice = node("a", modelA, fenced(marks, "a")).join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        alice.submit("hello", "c1");
        modelA.awaitCall().fail(new AuthenticationException(new HttpException(401, "Incorrect API key")));

        List<Object> seen = onA.until(TurnFailed.class::isInstance);
        await().atMost(Duration.ofSeconds(10)).until(() -> lease.holder("t1").isEmpty());
        assertThat(marks.marks()).as("tries of the failure mark").isEqualTo(2);
        assertThat(seen).filteredOn(TurnFailed.class::isInstance).hasSize(1);
        assertThat(modelA.waitingCalls()).as("model calls after the failure").isZero();
        assertThat(memory.unansweredUserMessages("t1")).isEmpty();
    }

    @Test
    void aJoinOnANodeThatHearsNoStatusesIsToldWhatTheLeaseSaysNow() {
        RecordingListener onA = new RecordingListener();
        ThreadMember alice = node("a", modelA).join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        // Statuses do not reach node b (LISTEN/NOTIFY carries none; pub/sub may lose one).
        bus.drop("b", e -> e instanceof ThreadEvent.StatusChanged);
        alice.submit("hello", "c1");
        ScriptedModel.Call call = modelA.awaitCall();

        ChatEngine b = node("b", modelB);
        RecordingListener whileThinking = new RecordingListener();
        b.join("t1", "alice", 0, whileThinking);
        assertThat(whileThinking.expect(ThreadSnapshot.class).status()).isEqualTo(TurnState.THINKING);
        call.delta("Hi.").complete();
        whileThinking.untilReply();
        await().atMost(Duration.ofSeconds(10)).until(() -> lease.holder("t1").isEmpty());

        RecordingListener afterwards = new RecordingListener();
        b.join("t1", "alice", 0, afterwards);
        assertThat(afterwards.expect(ThreadSnapshot.class).status()).isEqualTo(TurnState.IDLE);
    }

    /**
     * A store whose history reads fail while an outage lasts, as a node cut off from its database sees them. This and
     * the other test stores below sit under a {@link FencingStore} ({@link #fenced}): a turn's writes reach them once
     * their token is checked, and an engine's close stops at the fence.
     */
    private static final class HistoryOutage extends ForwardingThreadStore {
        private volatile boolean down;
        private final CountDownLatch failedGapRead = new CountDownLatch(1);

        HistoryOutage(ThreadStore real) {
            super(real);
        }

        void start() {
            down = true;
        }

        void end() {
            down = false;
        }

        /** Waits for a failed read of the one event missing before seq 2 (a catch-up reads a whole page). */
        void awaitFailedGapRead() {
            awaitLatch(failedGapRead, "the gap's read failed");
        }

        @Override
        public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
            if (down) {
                if (afterSeq == 0 && limit == 1) {
                    failedGapRead.countDown();
                }
                throw new ChatException("the database cannot be reached", true);
            }
            return delegate.eventsAfter(threadId, afterSeq, limit);
        }
    }

    /**
     * Node a's view of the fenced store whose connection dies under its reply: the write of the reply waits for the
     * test, then fails as a lost connection fails, without reaching the fence. It sits above the fence, and every
     * other write of the turn goes through the fenced writer.
     */
    private static final class LostReply extends ForwardingThreadStore {
        private final CountDownLatch written = new CountDownLatch(1);
        private final CompletableFuture<MessageAdded> outcome = new CompletableFuture<>();

        LostReply(ThreadStore fenced) {
            super(fenced);
        }

        void awaitWrite() {
            awaitLatch(written, "node a wrote its reply");
        }

        void fail() {
            outcome.completeExceptionally(new ChatException("terminating connection due to idle-in-transaction "
                    + "timeout", true));
        }

        @Override
        public TurnWriter turnWriter(TurnLock.Lease lease) {
            return new ForwardingTurnWriter(delegate.turnWriter(lease)) {
                @Override
                public CompletableFuture<MessageAdded> appendReply(ThreadMessage reply, ChatMemories memories) {
                    written.countDown();
                    return outcome;
                }
            };
        }
    }

    /** A store that holds a turn's failure mark back, unwritten, until the test releases it. */
    private static final class HeldFailureMarks extends ForwardingThreadStore {
        private final CountDownLatch asked = new CountDownLatch(1);
        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private final AtomicInteger readsBeforeTheMark = new AtomicInteger();
        private final AtomicInteger marks = new AtomicInteger();
        private volatile boolean failFirst;

        HeldFailureMarks(ThreadStore real) {
            super(real);
        }

        void awaitMark() {
            awaitLatch(asked, "the failure was marked");
        }

        void release() {
            released.complete(null);
        }

        /** The first mark fails, as when the database cannot be reached; the next ones are stored. */
        void failFirst() {
            failFirst = true;
        }

        int marks() {
            return marks.get();
        }

        /** Reads of the messages waiting for a turn made after the mark was asked for and before it was written. */
        int readsBeforeTheMark() {
            return readsBeforeTheMark.get();
        }

        @Override
        public List<ThreadMessage> unansweredUserMessages(String threadId) {
            if (asked.getCount() == 0 && !released.isDone()) {
                readsBeforeTheMark.incrementAndGet();
            }
            return delegate.unansweredUserMessages(threadId);
        }

        @Override
        public TurnWriter turnWriter(TurnLock.Lease lease) {
            return new ForwardingTurnWriter(delegate.turnWriter(lease)) {
                @Override
                public CompletableFuture<Void> markTurnFailed(String userMessageId, ChatMemories memories) {
                    asked.countDown();
                    if (marks.incrementAndGet() == 1 && failFirst) {
                        return CompletableFuture.failedFuture(new ChatException("the database cannot be reached",
                                true));
                    }
                    return released.thenCompose(none -> delegate.markTurnFailed(userMessageId, memories));
                }
            };
        }
    }

    /** Node a, alice on it with {@code onA}, and her message's model call, which streamed a first delta and waits. */
    private ScriptedModel.Call aTurnStalledOnNodeA(RecordingListener onA) {
        return aTurnStalledOnNodeA(onA, new FencingStore(memory, lease, "a"));
    }

    /** Node {@code node}'s view of the shared store through a store of the test's own: fenced by the shared lease. */
    private ThreadStore fenced(ThreadStore underneath, String node) {
        return new FencingStore(underneath, lease, node);
    }

    private ScriptedModel.Call aTurnStalledOnNodeA(RecordingListener onA, ThreadStore storeOfA) {
        ThreadMember alice = node("a", modelA, storeOfA).join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        alice.submit("hello", "c1");
        return modelA.awaitCall().delta("I am node a, ");
    }

    /** The seqs of the stored events the member gets up to and including the next reply. */
    private static List<Long> storedSeqsThroughTheReply(RecordingListener member) {
        return member.untilReply().stream().filter(StoredEvent.class::isInstance)
                .map(e -> ((StoredEvent) e).seq()).toList();
    }

    private static void awaitLatch(CountDownLatch latch, String what) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as(what).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The events among the callbacks, as values, in order. */
    private static List<Object> events(List<Object> callbacks) {
        return callbacks.stream().filter(ThreadEvent.class::isInstance).map(Function.identity()).toList();
    }
}
