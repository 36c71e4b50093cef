package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.SubmitResult.Rejected;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChatEngineTest {

    private final ScriptedModel model = new ScriptedModel();
    private ChatEngine engine;

    private ChatEngine engine(UnaryOperator<ChatEngine.Builder> settings) {
        engine = settings.apply(ChatEngine.builder().model(model).sessionGrace(Duration.ZERO)).build();
        return engine;
    }

    private ChatEngine engine() {
        return engine(b -> b);
    }

    @AfterEach
    void shutDown() {
        if (engine != null) {
            engine.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aMessageIsAcknowledgedWhileEveryWorkerIsBusyWithAnotherThread() throws InterruptedException {
        engine(b -> b.workers(1));
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("quick", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        // Bob's thread takes the engine's only worker and keeps it, as a long stretch of streaming would.
        CountDownLatch workerTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.join("busy", "bob", 0, new ThreadListener() {
            @Override
            public void onReady(ThreadSnapshot snapshot) {
                workerTaken.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onEvent(ThreadEvent event) {
            }

            @Override
            public void onSubmitResult(SubmitResult result) {
            }

            @Override
            public void onRefused(ErrorCode code, String message) {
            }
        });
        assertThat(workerTaken.await(10, TimeUnit.SECONDS)).isTrue();

        member.submit("I want an agent that helps me plan trips", "c1");

        try {
            assertThat(alice.expect(Accepted.class).clientMessageId()).isEqualTo("c1");
            assertThat(release.getCount()).as("acknowledged while the worker was still taken").isOne();
        } finally {
            release.countDown();
        }
    }

    @Test
    void anEngineWithoutAModelIsRefusedSayingHowToSetOne() {
        assertThatThrownBy(() -> ChatEngine.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("ChatEngine.builder().model(");
    }

    @Test
    void aNegativeRetryBackoffIsRefusedNamingIt() {
        assertThatThrownBy(() -> ChatEngine.builder().model(new ScriptedModel())
                .modelRetries(2, Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modelRetryBackoff");
    }

    @Test
    void joiningANewThreadGivesAnEmptyIdleDraftAtSeqZero() {
        RecordingListener alice = new RecordingListener();
        engine().join("t1", "alice", 0, alice);

        ThreadSnapshot ready = alice.expect(ThreadSnapshot.class);
        assertThat(ready.threadId()).isEqualTo("t1");
        assertThat(ready.lastSeq()).isZero();
        assertThat(ready.agent()).isEqualTo(AgentDraft.empty());
        assertThat(ready.status()).isEqualTo(TurnState.IDLE);
        assertThat(ready.reset()).isFalse();
        alice.assertExhausted();
    }

    @Test
    void aSubmittedMessageIsAckedStoredStreamedAndAnswered() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);

        member.submit("hello", "c1");
        Accepted ack = alice.expect(Accepted.class);
        assertThat(ack.clientMessageId()).isEqualTo("c1");
        assertThat(ack.seq()).isEqualTo(1);
        assertThat(ack.duplicate()).isFalse();
        MessageAdded user = alice.expect(MessageAdded.class);
        assertThat(user.seq()).isEqualTo(1);
        assertThat(user.message().role()).isEqualTo(Role.USER);
        assertThat(user.message().id()).isEqualTo(ack.messageId());
        assertThat(user.message().userId()).isEqualTo("alice");
        assertThat(user.message().clientMessageId()).isEqualTo("c1");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.THINKING);

        model.awaitCall().delta("Hi ").delta("there").complete();

        AssistantDelta first = alice.expect(AssistantDelta.class);
        AssistantDelta second = alice.expect(AssistantDelta.class);
        MessageAdded reply = alice.expect(MessageAdded.class);
        assertThat(first.delta() + second.delta()).isEqualTo("Hi there");
        assertThat(reply.seq()).isEqualTo(2);
        assertThat(reply.message().role()).isEqualTo(Role.ASSISTANT);
        assertThat(reply.message().id()).isEqualTo(first.messageId()).isEqualTo(second.messageId());
        assertThat(reply.message().content()).isEqualTo("Hi there");
        assertThat(reply.message().replyTo()).isEqualTo(ack.messageId());
        assertThat(reply.message().stopped()).isFalse();
        assertThat(reply.message().usage()).isEqualTo(new Usage(11, 7));
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        alice.assertExhausted();
    }

    @Test
    void theModelSeesTheBuilderPromptWithTheDraftAndTheConversation() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("first", null);
        model.awaitCall().delta("one").complete();
        alice.untilReply();
        member.submit("second", null);

        ScriptedModel.Call call = model.awaitCall();
        String transcript = call.request().messages().toString();
        assertThat(call.request().messages().get(0).toString()).contains("Agent Builder").contains("<draft>");
        assertThat(transcript).contains("first").contains("one").contains("second");
        assertThat(call.request().toolSpecifications()).extracting(t -> t.name())
                .contains("set_name", "set_description", "set_instructions", "add_conversation_starter",
                        "enable_capability", "disable_capability");
    }

    @Test
    void aReplyWithNothingInItLeavesNoEmptyAssistantMessageForTheModelToSeeNextTime() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("first", null);
        model.awaitCall().complete(); // no text, no tool calls
        alice.untilReply();
        member.submit("second", null);

        List<ChatMessage> seen = model.awaitCall().request().messages();
        assertThat(seen).filteredOn(AiMessage.class::isInstance).map(m -> ((AiMessage) m).text())
                .containsExactly("(no reply)");
    }

    @Test
    void aToolCallChangesTheDraftAsAStoredEventWithTheNextVersion() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("call it Wanderlust", null);
        model.awaitCall().completeWithTools(tool("set_name", "{\"name\":\"Wanderlust\"}"),
                tool("enable_capability", "{\"capability\":\"web_search\"}"));

        AgentUpdated renamed = alice.await(AgentUpdated.class);
        AgentUpdated enabled = alice.expect(AgentUpdated.class);
        assertThat(renamed.agent().name()).isEqualTo("Wanderlust");
        assertThat(renamed.agent().version()).isEqualTo(1);
        assertThat(enabled.agent().capabilities()).containsExactly(Capability.WEB_SEARCH);
        assertThat(enabled.agent().version()).isEqualTo(2);
        assertThat(enabled.seq()).isEqualTo(renamed.seq() + 1);

        ScriptedModel.Call followUp = model.awaitCall();
        assertThat(followUp.request().messages().get(0).toString()).contains("\"name\":\"Wanderlust\"");
        followUp.delta("Done.").complete();
        assertThat(alice.await(MessageAdded.class).message().content()).isEqualTo("Done.");
    }

    @Test
    void aBadToolCallIsAnsweredToTheModelAsAnErrorAndNotApplied() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("do odd things", null);
        model.awaitCall().completeWithTools(
                tool("launch_rockets", "{}"),
                tool("enable_capability", "{\"capability\":\"teleportation\"}"),
                tool("set_name", "{\"name\": 42, "),
                tool("set_name", "{\"name\":\"" + "x".repeat(AgentDraft.MAX_NAME_CHARS + 1) + "\"}"));

        ScriptedModel.Call followUp = model.awaitCall();
        List<ToolExecutionResultMessage> results = followUp.request().messages().stream()
                .filter(ToolExecutionResultMessage.class::isInstance)
                .map(ToolExecutionResultMessage.class::cast)
                .toList();
        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.isError()).isTrue());
        assertThat(results.get(0).text()).contains("no tool named \"launch_rockets\"");
        assertThat(results.get(1).text()).contains("unknown capability").contains("web_search");
        assertThat(results.get(3).text()).contains("at most 80 characters");
        followUp.delta("Sorry.").complete();

        List<Object> turn = alice.untilReply();
        assertThat(turn).noneMatch(AgentUpdated.class::isInstance);
    }

    @Test
    void messagesDuringATurnWaitInOrderAndOverflowIsBusy() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine(b -> b.maxQueuedTurns(1)).join("t1", "alice", 0, alice);
        member.submit("first", "c1");
        ScriptedModel.Call first = model.awaitCall();
        member.submit("second", "c2");
        member.submit("third", "c3");

        assertThat(alice.await(Rejected.class)).satisfies(r -> {
            assertThat(r.clientMessageId()).isEqualTo("c3");
            assertThat(r.code()).isEqualTo(ErrorCode.BUSY);
        });
        first.delta("one").complete();
        ScriptedModel.Call second = model.awaitCall();
        assertThat(second.lastMessageText()).contains("second");
        second.delta("two").complete();

        List<String> replies = alice.until(o -> o instanceof StatusChanged s && s.state() == TurnState.IDLE).stream()
                .filter(o -> o instanceof MessageAdded m && m.message().role() == Role.ASSISTANT)
                .map(o -> ((MessageAdded) o).message().content())
                .toList();
        assertThat(replies).containsExactly("one", "two");
        assertThat(model.waitingCalls()).isZero();
    }

    @Test
    void aResentClientMessageIdIsAckedAsDuplicateAndNotAnsweredAgain() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("hello", "c1");
        Accepted original = alice.await(Accepted.class);
        model.awaitCall().delta("hi").complete();
        alice.until(o -> o instanceof StatusChanged s && s.state() == TurnState.IDLE);

        member.submit("hello again", "c1");

        Accepted duplicate = alice.expect(Accepted.class);
        assertThat(duplicate.duplicate()).isTrue();
        assertThat(duplicate.messageId()).isEqualTo(original.messageId());
        assertThat(duplicate.seq()).isEqualTo(original.seq());
        assertThat(model.waitingCalls()).isZero();
        alice.assertExhausted();
    }

    @Test
    void cancelStoresThePartialReplyAsStoppedAndClosesTheModelStream() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("tell me a long story", null);
        ScriptedModel.Call call = model.awaitCall();
        call.delta("Once upon ");
        alice.await(AssistantDelta.class);

        member.cancel();

        assertThat(call.awaitCancelled()).isTrue();
        MessageAdded reply = alice.expect(MessageAdded.class);
        assertThat(reply.message().stopped()).isTrue();
        assertThat(reply.message().content()).isEqualTo("Once upon ");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        call.delta("a time").complete();

        member.submit("next", null);
        assertThat(model.awaitCall().request().messages().toString()).contains("Once upon");
    }

    @Test
    void cancelWhileIdleDoesNothing() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        member.cancel();
        member.submit("hi", null);
        assertThat(alice.expect(Accepted.class).seq()).isEqualTo(1);
    }

    @Test
    void aFailingModelEndsTheTurnWithAnAgentErrorAndTheNextMessageIsAnswered() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("hello", "c1");
        model.awaitCall().delta("Hel").fail(new IOException("connection reset; key sk-secret"));

        TurnFailed failed = alice.await(TurnFailed.class);
        assertThat(failed.code()).isEqualTo(ErrorCode.AGENT_ERROR);
        assertThat(failed.clientMessageId()).isEqualTo("c1");
        assertThat(failed.message()).doesNotContain("sk-secret").contains("try again");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);

        member.submit("again", "c2");
        model.awaitCall().delta("Fine now").complete();
        assertThat(alice.await(MessageAdded.class).message().content()).isEqualTo("again");
        assertThat(alice.await(MessageAdded.class).message().content()).isEqualTo("Fine now");
    }

    @Test
    void aModelThatGoesSilentFailsTheTurnAfterTheIdleTimeout() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine(b -> b.modelIdleTimeout(Duration.ofMillis(200))).join("t1", "alice", 0, alice);
        member.submit("hello", null);
        ScriptedModel.Call silent = model.awaitCall();

        assertThat(alice.await(TurnFailed.class).message()).contains("did not answer in time");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);

        silent.delta("too late");
        assertThat(silent.awaitCancelled()).as("a stream that starts after the timeout is closed").isTrue();
        alice.assertExhausted();
    }

    @Test
    void invalidContentIsRejectedAndNothingIsStored() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine(b -> b.maxMessageChars(10)).join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);

        member.submit("   ", "blank");
        member.submit("x".repeat(11), "long");
        member.submit("bell\u0007", "control");
        member.submit("ok", "c".repeat(129));

        assertThat(List.of(alice.expect(Rejected.class), alice.expect(Rejected.class),
                alice.expect(Rejected.class), alice.expect(Rejected.class)))
                .extracting(Rejected::code)
                .containsExactly(ErrorCode.INVALID_MESSAGE, ErrorCode.MESSAGE_TOO_LONG, ErrorCode.INVALID_MESSAGE,
                        ErrorCode.INVALID_MESSAGE);
        member.submit("x".repeat(10), null);
        assertThat(alice.expect(Accepted.class).seq()).isEqualTo(1);
    }

    @Test
    void everyMemberSeesTheSameStoredEventsInSeqOrder() {
        RecordingListener alice = new RecordingListener();
        RecordingListener tab2 = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        engine.join("t1", "alice", 0, tab2);
        alice.expect(ThreadSnapshot.class);
        tab2.expect(ThreadSnapshot.class);

        member.submit("hello", null);
        model.awaitCall().delta("hi").complete();

        List<Long> seen1 = storedSeqs(alice.untilReply());
        List<Long> seen2 = storedSeqs(tab2.untilReply());
        assertThat(seen1).containsExactly(1L, 2L).isEqualTo(seen2);
    }

    @Test
    void aJoinWithLastSeqReplaysOnlyLaterEventsAndABadOneResets() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("one", null);
        model.awaitCall().delta("1").complete();
        alice.untilReply();
        member.submit("two", null);
        model.awaitCall().delta("2").complete();
        alice.untilReply();

        RecordingListener resumed = new RecordingListener();
        engine.join("t1", "alice", 2, resumed);
        ThreadSnapshot ready = resumed.expect(ThreadSnapshot.class);
        assertThat(ready.lastSeq()).isEqualTo(4);
        assertThat(ready.reset()).isFalse();
        assertThat(resumed.expect(MessageAdded.class).seq()).isEqualTo(3);
        assertThat(resumed.expect(MessageAdded.class).seq()).isEqualTo(4);
        resumed.assertExhausted();

        RecordingListener stale = new RecordingListener();
        engine.join("t1", "alice", 99, stale);
        assertThat(stale.expect(ThreadSnapshot.class).reset()).isTrue();
        assertThat(storedSeqs(List.of(stale.next(), stale.next(), stale.next(), stale.next())))
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aListenerThatThrowsDoesNotStopOtherMembers() {
        AtomicBoolean called = new AtomicBoolean();
        ThreadListener broken = new ThreadListener() {
            @Override
            public void onReady(ThreadSnapshot snapshot) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onEvent(ThreadEvent event) {
                called.set(true);
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onSubmitResult(SubmitResult result) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onRefused(ErrorCode code, String message) {
                throw new IllegalStateException("broken listener");
            }
        };
        RecordingListener alice = new RecordingListener();
        engine().join("t1", "alice", 0, broken);
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        member.submit("hello", null);
        model.awaitCall().delta("hi").complete();

        assertThat(alice.untilReply()).isNotEmpty();
        assertThat(called).isTrue();
    }

    @Test
    void aThousandJoinLeaveCyclesLeaveNoSessionBehind() {
        engine();
        for (int i = 0; i < 1_000; i++) {
            ThreadMember member = engine.join("t" + (i % 50), "u" + i, 0, new RecordingListener());
            member.leave();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.activeThreads() == 0);
    }

    @Test
    void aThreadStaysInMemoryDuringTheGracePeriodSoAQuickRejoinKeepsIt() {
        engine(b -> b.sessionGrace(Duration.ofHours(1)));
        RecordingListener first = new RecordingListener();
        engine.join("t1", "alice", 0, first).leave();
        assertThat(engine.activeThreads()).isEqualTo(1);
        RecordingListener again = new RecordingListener();
        engine.join("t1", "alice", 0, again);
        assertThat(again.expect(ThreadSnapshot.class).threadId()).isEqualTo("t1");
        assertThat(engine.activeThreads()).isEqualTo(1);
    }

    @Test
    void aTurnStillRunsToTheEndAfterEveryoneLeft() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("hello", null);
        ScriptedModel.Call call = model.awaitCall();
        member.leave();
        assertThat(engine.activeThreads()).isEqualTo(1);
        call.delta("answered anyway").complete();
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.activeThreads() == 0);

        RecordingListener later = new RecordingListener();
        engine.join("t1", "alice", 0, later);
        later.expect(ThreadSnapshot.class);
        later.expect(MessageAdded.class);
        assertThat(later.expect(MessageAdded.class).message().content()).isEqualTo("answered anyway");
    }

    @Test
    void shutdownLetsARunningTurnFinishWithinTheDrain() throws InterruptedException {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("hello", null);
        ScriptedModel.Call call = model.awaitCall();
        Thread stopper = new Thread(() -> engine.shutdown(Duration.ofSeconds(10)));
        stopper.start();
        call.delta("finished").complete();
        stopper.join();

        MessageAdded reply = alice.await(MessageAdded.class);
        assertThat(alice.await(MessageAdded.class)).satisfies(m -> {
            assertThat(m.message().content()).isEqualTo("finished");
            assertThat(m.message().stopped()).isFalse();
        });
        assertThat(reply.message().role()).isEqualTo(Role.USER);
    }

    @Test
    void shutdownStopsATurnThatOutlastsTheDrain() {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine().join("t1", "alice", 0, alice);
        member.submit("hello", null);
        ScriptedModel.Call call = model.awaitCall();
        call.delta("half");
        alice.await(AssistantDelta.class);

        engine.shutdown(Duration.ofMillis(100));

        MessageAdded reply = alice.await(MessageAdded.class);
        assertThat(reply.message().stopped()).isTrue();
        assertThat(reply.message().content()).isEqualTo("half");
    }

    @Test
    void joiningAfterShutdownFailsClearly() {
        engine().shutdown(Duration.ZERO);
        assertThatThrownBy(() -> engine.join("t1", "alice", 0, new RecordingListener()))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void badIdsAreProgrammingErrorsNamingTheValue() {
        engine();
        assertThatThrownBy(() -> engine.join("bad id", "alice", 0, new RecordingListener()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadId")
                .hasMessageContaining("\"bad id\"");
    }

    private static ToolExecutionRequest tool(String name, String arguments) {
        return ToolExecutionRequest.builder().id("call-" + name).name(name).arguments(arguments).build();
    }

    private static List<Long> storedSeqs(List<Object> callbacks) {
        return callbacks.stream()
                .filter(StoredEvent.class::isInstance)
                .map(o -> ((StoredEvent) o).seq())
                .collect(Collectors.toList());
    }
}
