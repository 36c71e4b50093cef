package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.RecordingListener;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.SubmitResult.Rejected;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user message's turn starts while the message is being stored. Nobody sees anything of the turn before the store
 * has the message, and a message the store does not take leaves no trace of its turn.
 */
@Timeout(60)
class TurnWhileStoringTest {

    @TempDir
    Path dir;

    private final ScriptedModel model = new ScriptedModel();
    private SlowUserWritesStore store;
    private ChatEngine engine;
    private RecordingListener alice;
    private ThreadMember member;

    @BeforeEach
    void joinAThread() {
        store = new SlowUserWritesStore(SqliteStore.open(dir));
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO).build();
        alice = new RecordingListener();
        member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
    }

    @AfterEach
    void shutDown() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void theModelIsCalledWhileTheMessageIsStoredButItsTurnIsSeenOnlyAfterTheAck() {
        member.submit("hello", "c1");
        model.awaitCall().delta("Hi ").delta("there.").complete();
        awaitSessionIdle();
        alice.assertExhausted();

        store.store();

        assertThat(alice.expect(Accepted.class).seq()).isEqualTo(1);
        assertThat(alice.expect(MessageAdded.class).message().content()).isEqualTo("hello");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.THINKING);
        assertThat(alice.expect(AssistantDelta.class).delta()).isEqualTo("Hi ");
        assertThat(alice.expect(AssistantDelta.class).delta()).isEqualTo("there.");
        MessageAdded reply = alice.expect(MessageAdded.class);
        assertThat(reply.seq()).isEqualTo(2);
        assertThat(reply.message().content()).isEqualTo("Hi there.");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
    }

    @Test
    void aMessageTheStoreRefusesTakesItsTurnWithItDraftMemoryAndAll() {
        member.submit("call it Wanderlust", "c1");
        model.awaitCall().completeWithTools(tool("set_name", "{\"name\":\"Wanderlust\"}"));
        model.awaitCall().delta("Renamed.");
        awaitSessionIdle();

        store.refuse();

        Rejected rejected = alice.expect(Rejected.class);
        assertThat(rejected.clientMessageId()).isEqualTo("c1");
        assertThat(rejected.code()).isEqualTo(ErrorCode.INTERNAL);
        awaitSessionIdle();
        alice.assertExhausted();
        assertThat(StoreKit.allEvents(store, "t1", 0)).isEmpty();

        member.submit("what is it called?", "c2");
        ScriptedModel.Call next = model.awaitCall();
        assertThat(next.request().messages().toString()).doesNotContain("Wanderlust").doesNotContain("Renamed");
        assertThat(next.request().messages()).hasSize(2);
        store.store();
        assertThat(alice.expect(Accepted.class).seq()).isEqualTo(1);
        next.delta("It has no name yet.").complete();
        assertThat(alice.untilReply()).noneMatch(AgentUpdated.class::isInstance);
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(AgentDraft.empty());
    }

    @Test
    void aResendWhileTheOriginalIsBeingStoredIsAckedAsTheOriginalAndAnsweredOnce() {
        member.submit("hello", "c1");
        member.submit("hello", "c1");
        ScriptedModel.Call call = model.awaitCall();
        awaitSessionIdle();

        store.store();
        store.store();

        // The resend's ack may come before or after the original's events, which reach members through the bus.
        List<Object> seen = List.of(alice.next(), alice.next(), alice.next(), alice.next());
        List<Accepted> acks = seen.stream().filter(Accepted.class::isInstance).map(Accepted.class::cast).toList();
        assertThat(acks).extracting(Accepted::duplicate).containsExactly(false, true);
        assertThat(acks.get(1).seq()).isEqualTo(acks.get(0).seq());
        assertThat(acks.get(1).messageId()).isEqualTo(acks.get(0).messageId());
        assertThat(seen).filteredOn(MessageAdded.class::isInstance).hasSize(1);
        assertThat(seen).filteredOn(StatusChanged.class::isInstance).hasSize(1);
        assertThat(seen.get(0)).isEqualTo(acks.get(0));

        call.delta("Hello!").complete();
        assertThat(alice.untilReply()).filteredOn(MessageAdded.class::isInstance).hasSize(1);
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        assertThat(model.waitingCalls()).isZero();
        assertThat(StoreKit.allEvents(store, "t1", 0)).hasSize(2);
    }

    @Test
    void aDraftChangeTheStoreRefusesFailsTheTurnAndTheDraftStaysAsStored() {
        store.refuseDrafts();
        member.submit("call it Wanderlust", "c1");
        store.store();
        model.awaitCall().completeWithTools(tool("set_name", "{\"name\":\"Wanderlust\"}"));

        List<Object> seen = alice.until(TurnFailed.class::isInstance);
        assertThat(seen).noneMatch(AgentUpdated.class::isInstance);
        assertThat(((TurnFailed) seen.get(seen.size() - 1)).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);

        member.submit("what is it called?", "c2");
        ScriptedModel.Call next = model.awaitCall();
        assertThat(next.request().messages().get(0).toString()).doesNotContain("Wanderlust");
        store.store();
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(AgentDraft.empty());
    }

    /**
     * Waits until the session has run everything queued before now: an invalid message is refused in the session's
     * order, after the model's callbacks handed over earlier.
     */
    private void awaitSessionIdle() {
        member.submit("", "probe");
        assertThat(alice.expect(Rejected.class).clientMessageId()).isEqualTo("probe");
    }

    private static ToolExecutionRequest tool(String name, String arguments) {
        return ToolExecutionRequest.builder().id("call-" + name).name(name).arguments(arguments).build();
    }
}
