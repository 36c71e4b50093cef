package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final SharedLease lease = new SharedLease(memory, Duration.ofMillis(600));
    private final ThreadStore store = new FencingStore(memory, lease);
    private final LossyBus bus = new LossyBus();
    private final ScriptedModel modelA = new ScriptedModel();
    private final ScriptedModel modelB = new ScriptedModel();
    private final List<ChatEngine> engines = new ArrayList<>();

    private ChatEngine node(String name, ScriptedModel model) {
        ChatEngine engine = ChatEngine.builder()
                .model(model)
                .store(store)
                .bus(bus.node(name))
                .turnLock(lease.node(name))
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
        assertThat(memory.eventsAfter("t1", 0)).extracting(StoredEvent::seq).containsExactly(1L, 2L);
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
        onA.await(AgentUpdated.class);
        aliceOnB.updateAgent(1, new AgentChanges("Roamer", null, null, null, null), "e3");

        SubmitResult.VersionConflict conflict = onB.await(SubmitResult.VersionConflict.class);
        assertThat(conflict.currentVersion()).isEqualTo(2);
        assertThat(memory.eventsAfter("t1", 0)).extracting(e -> ((AgentUpdated) e).agent().version())
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

        List<Long> storedOnB = onB.untilReply().stream().filter(StoredEvent.class::isInstance)
                .map(e -> ((StoredEvent) e).seq()).toList();
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

        List<Long> storedOnB = onB.untilReply().stream().filter(StoredEvent.class::isInstance)
                .map(e -> ((StoredEvent) e).seq()).toList();
        assertThat(storedOnB).containsExactly(1L, 2L);
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverStopsWithoutAWordAndTheOtherAnswersTheMessageOnce() {
        ChatEngine a = node("a", modelA);
        RecordingListener onA = new RecordingListener();
        ThreadMember alice = a.join("t1", "alice", 0, onA);
        onA.expect(ThreadSnapshot.class);
        alice.submit("hello", "c1");
        ScriptedModel.Call stalled = modelA.awaitCall();
        stalled.delta("I am node a, ");
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
        List<ThreadMessage> replies = memory.eventsAfter("t1", 0).stream()
                .filter(MessageAdded.class::isInstance).map(e -> ((MessageAdded) e).message())
                .filter(m -> m.role() == Role.ASSISTANT).toList();
        assertThat(replies).extracting(ThreadMessage::content).containsExactly("I am node b.");
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
        Map<Role, Long> messages = memory.eventsAfter("orphan", 0).stream()
                .filter(MessageAdded.class::isInstance).map(e -> ((MessageAdded) e).message())
                .collect(Collectors.groupingBy(ThreadMessage::role, Collectors.counting()));
        assertThat(messages).containsEntry(Role.USER, 1L).containsEntry(Role.ASSISTANT, 1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> engines.get(0).activeThreads() == 0);
    }

    /** The events among the callbacks, as values, in order. */
    private static List<Object> events(List<Object> callbacks) {
        return callbacks.stream().filter(ThreadEvent.class::isInstance).map(Function.identity()).toList();
    }
}
