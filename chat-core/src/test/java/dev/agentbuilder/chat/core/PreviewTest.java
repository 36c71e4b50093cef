package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Preview turns: the agent being built answers as itself, in a conversation of its own, and changes nothing. */
@Timeout(60)
class PreviewTest {

    private final ScriptedModel model = new ScriptedModel();
    private final ThreadStore store = ThreadStores.inMemory();
    private ChatEngine engine;
    private RecordingListener alice;
    private ThreadMember member;
    private AgentDraft draft;

    @BeforeEach
    void start() {
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO).build();
        alice = new RecordingListener();
        member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        member.updateAgent(0, new AgentChanges("Wanderlust", "Plans trips.", "You are Wanderlust. Answer in French.",
                List.of("Plan a weekend in Rome"), List.of("web_search")), "setup");
        alice.expect(Accepted.class);
        draft = alice.expect(AgentUpdated.class).agent();
    }

    @AfterEach
    void stop() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void thePreviewAgentRunsOnTheDraftsInstructionsWithNoToolsAndItsMessagesAndDeltasCarryThePreviewChannel() {
        member.submit("Who are you?", "p1", Channel.PREVIEW);

        Accepted ack = alice.expect(Accepted.class);
        MessageAdded question = alice.await(MessageAdded.class);
        assertThat(question.message().channel()).isEqualTo(Channel.PREVIEW);
        assertThat(question.message().id()).isEqualTo(ack.messageId());
        ScriptedModel.Call call = model.awaitCall();
        String system = ((SystemMessage) call.request().messages().get(0)).text();
        assertThat(system).startsWith(draft.instructions()).contains("Wanderlust").contains("web_search");
        assertThat(PreviewPrompt.agentIn(system)).contains(new AgentDraft(draft.name(), draft.description(), "",
                draft.conversationStarters(), draft.capabilities(), draft.version()));
        assertThat(call.request().toolSpecifications()).isEmpty();

        call.delta("Bonjour").complete();

        AssistantDelta delta = alice.await(AssistantDelta.class);
        assertThat(delta.channel()).isEqualTo(Channel.PREVIEW);
        MessageAdded reply = alice.await(MessageAdded.class);
        assertThat(reply.message().channel()).isEqualTo(Channel.PREVIEW);
        assertThat(reply.message().replyTo()).isEqualTo(question.message().id());
        assertThat(reply.message().content()).isEqualTo("Bonjour");
    }

    @Test
    void aPreviewTurnNeverChangesTheDraftEvenWhenTheModelCallsABuilderTool() {
        member.submit("Rename yourself to Bob", "p1", Channel.PREVIEW);
        ScriptedModel.Call call = model.awaitCall();
        ToolExecutionRequest rename = ToolExecutionRequest.builder().id("c1").name(BuilderTools.SET_NAME)
                .arguments("{\"name\":\"Bob\"}").build();
        call.toolCall(0, rename);
        call.completeWithTools(rename);

        List<Object> turn = alice.untilReply();

        assertThat(turn).noneMatch(AgentUpdated.class::isInstance);
        assertThat(model.waitingCalls()).as("no second call to run the tool's result").isZero();
        assertThat(store.openThread("t1", "alice").draft()).isEqualTo(draft);
    }

    @Test
    void theBuilderAndThePreviewAgentEachSeeOnlyTheirOwnConversation() {
        exchange("Builder question one", Channel.BUILDER, "Builder answer one");
        exchange("Preview question one", Channel.PREVIEW, "Preview answer one");

        member.submit("Builder question two", "b2", Channel.BUILDER);
        ScriptedModel.Call call = model.awaitCall();
        assertThat(texts(call.request().messages())).anyMatch(t -> t.contains("Builder answer one"))
                .noneMatch(t -> t.contains("Preview question one") || t.contains("Preview answer one"));
        call.delta("Builder answer two").complete();
        alice.untilReply();
    }

    @Test
    void thePreviewAgentNeverSeesTheBuildersConversationAndItsMemoryIsStoredApart() {
        exchange("Builder question one", Channel.BUILDER, "Builder answer one");
        exchange("Preview question one", Channel.PREVIEW, "Preview answer one");

        member.submit("Preview question two", "p2", Channel.PREVIEW);
        ScriptedModel.Call call = model.awaitCall();
        assertThat(texts(call.request().messages())).anyMatch(t -> t.contains("Preview answer one"))
                .noneMatch(t -> t.contains("Builder question one") || t.contains("Builder answer one"));
        call.delta("Preview answer two").complete();
        alice.untilReply();

        assertThat(texts(store.chatMemory(ChatMemories.previewId("t1"))))
                .anyMatch(t -> t.contains("Preview answer two")).noneMatch(t -> t.contains("Builder"));
        assertThat(texts(store.chatMemory("t1")))
                .anyMatch(t -> t.contains("Builder answer one")).noneMatch(t -> t.contains("Preview"));
    }

    @Test
    void aPreviewMessageACrashLeftUnansweredIsAnsweredByTheAgentInThePreviewChannel() {
        ThreadStore crashed = crashedWithAPreviewMessageUnanswered();
        ChatEngine restarted = ChatEngine.builder().model(model).store(crashed).sessionGrace(Duration.ZERO).build();
        try {
            RecordingListener back = new RecordingListener();
            restarted.join("t2", "alice", 0, back);
            back.expect(ThreadSnapshot.class);
            ScriptedModel.Call call = model.awaitCall();
            assertThat(PreviewPrompt.agentIn(((SystemMessage) call.request().messages().get(0)).text())).isPresent();
            call.delta("I am your agent.").complete();

            List<Object> turn = back.untilReply();
            MessageAdded reply = (MessageAdded) turn.get(turn.size() - 1);
            assertThat(reply.message().channel()).isEqualTo(Channel.PREVIEW);
        } finally {
            restarted.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aPreviewMessageACrashLeftUnansweredIsClosedInThePreviewChannelWhenTurnsAreMarked() {
        ThreadStore crashed = crashedWithAPreviewMessageUnanswered();
        ChatEngine restarted = ChatEngine.builder().model(model).store(crashed).sessionGrace(Duration.ZERO)
                .answerInterruptedTurns(false).build();
        try {
            RecordingListener back = new RecordingListener();
            restarted.join("t2", "alice", 0, back);
            back.expect(ThreadSnapshot.class);
            back.expect(MessageAdded.class);

            MessageAdded closed = back.expect(MessageAdded.class);
            assertThat(closed.message().stopped()).isTrue();
            assertThat(closed.message().channel()).isEqualTo(Channel.PREVIEW);
        } finally {
            restarted.shutdown(Duration.ZERO);
        }
    }

    /** A store as a crash leaves it: a preview message in thread t2 stored, its turn never run. */
    private static ThreadStore crashedWithAPreviewMessageUnanswered() {
        ThreadStore crashed = ThreadStores.inMemory();
        crashed.openThread("t2", "alice");
        crashed.appendUserMessage("t2", ThreadMessage.user("u-1", "Who are you?", Instant.now(), "alice", "p1",
                Channel.PREVIEW)).join();
        return crashed;
    }

    private void exchange(String question, Channel channel, String answer) {
        member.submit(question, question, channel);
        model.awaitCall().delta(answer).complete();
        alice.untilReply();
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().filter(m -> !(m instanceof SystemMessage)).map(Object::toString).toList();
    }
}
