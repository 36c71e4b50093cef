package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.offline.OfflineHarness.Path;
import dev.agentbuilder.chat.offline.OfflineHarness.Turn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineConversationTest {

    @ParameterizedTest
    @ValueSource(strings = {"hi", "Hello!", "hey there", "Good morning"})
    void aGreetingIsWelcomedAndAskedWhatTheAgentShouldDo(String greeting) {
        Turn turn = OfflineHarness.on(Path.BLOCKING).say(greeting);

        assertThat(turn.toolCalls()).isEmpty();
        assertThat(turn.draft()).isEqualTo(AgentDraft.empty());
        assertThat(turn.reply()).startsWith("Hi! I'm the Agent Builder.").contains("What should your agent do?");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void somethingItDoesNotUnderstandGetsWhatIsMissingAndExamples(Path path) {
        Turn turn = OfflineHarness.on(path).say("The weather is nice today");

        assertThat(turn.toolCalls()).isEmpty();
        assertThat(turn.reply())
                .contains("Your agent still needs a description, a name, instructions and conversation starters.")
                .contains("\"Call it Wanderlust\"")
                .contains("\"Enable web search\"");
    }

    @Test
    void askingForHelpListsWhatItCanDo() {
        AgentDraft done = OfflineHarness.on(Path.BLOCKING)
                .say("I want an agent that helps me plan trips. Add a starter: Plan a weekend in Rome").draft();

        Turn turn = OfflineHarness.on(Path.BLOCKING, done).say("What can you do?");

        assertThat(turn.reply()).startsWith("Here's how I can help. Your agent looks complete.")
                .contains("\"It should always answer in French\"");
    }

    static Stream<String> hostileMessages() {
        return Stream.of(
                "", "   ", "?!?!...,,,;;;", "🙂🚀🔥", "Je voudrais un agent qui planifie mes voyages",
                "这是一个测试", "x".repeat(8000), "and, and, and, ".repeat(500), "hi, ".repeat(3000),
                "call it", "add a starter", "It should", "\u0000\u0001\u202e", "((((((((((".repeat(800),
                "Enable " + "web search and ".repeat(400), "instructions:", "I want an agent that ...");
    }

    @ParameterizedTest
    @MethodSource("hostileMessages")
    void hostileInputStillGetsAPoliteTextReply(String message) {
        for (Path path : Path.values()) {
            Turn turn = OfflineHarness.on(path).say(message);

            assertThat(turn.reply()).isNotBlank();
        }
    }

    @Test
    void aRequestWithNoSystemPromptIsAnsweredFromAnEmptyDraft() {
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("What now?"))
                .toolSpecifications(OfflineHarness.SPECIFICATIONS)
                .build();

        ChatResponse blocking = OfflineBuilderModel.create().chat(request);
        ChatResponse streamed = OfflineHarness.stream(OfflineBuilderModel.create(), request).response();

        assertThat(blocking.aiMessage().text()).contains("Your agent still needs a description");
        assertThat(streamed.aiMessage()).isEqualTo(blocking.aiMessage());
    }

    @Test
    void aRequestWithZeroMessagesOrNoRequestAtAllStillGetsText() {
        ChatRequest seed = ChatRequest.builder().messages(UserMessage.from("x")).build();
        ChatRequest empty = new ChatRequest(ChatRequest.builder().messages(seed.messages())) {
            @Override
            public List<ChatMessage> messages() {
                return List.of();
            }
        };
        OfflineBuilderModel model = OfflineBuilderModel.create();

        assertThat(model.doChat(empty).aiMessage().text()).isNotBlank();
        assertThat(model.doChat((ChatRequest) null).aiMessage().text()).isNotBlank();
        // The interface's chat() refuses an empty request itself, so the model's own entry point is called here.
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        model.doChat(empty, OfflineHarness.recorder(events));
        assertThat(OfflineHarness.collect(events).response().aiMessage().text()).isNotBlank();
    }

    @Test
    void withoutToolsItSaysItCannotMakeTheChangeInsteadOfCallingThem() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Call it Wanderlust")).build();

        ChatResponse response = OfflineBuilderModel.create().chat(request);

        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.aiMessage().text()).contains("could not set the name to \"Wanderlust\"");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aStarterOverTheLimitIsReportedAsNotApplied(Path path) {
        AgentDraft full = AgentDraft.empty().withName("Trip Planner").withDescription("Helps you plan trips.")
                .withInstructions("Plan trips.");
        for (int i = 1; i <= AgentDraft.MAX_STARTERS; i++) {
            full = full.withStarter("Starter " + i);
        }

        Turn turn = OfflineHarness.on(path, full).say("Add a conversation starter: Plan a weekend in Rome");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.ADD_CONVERSATION_STARTER);
        assertThat(turn.draft()).isEqualTo(full);
        assertThat(turn.reply()).contains("I could not add the conversation starter \"Plan a weekend in Rome\": "
                + "the agent already has 8 conversation starters; remove one first.")
                .doesNotContain("I've added");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aFailedToolIsSpottedFromTheDraftEvenWhenTheResultIsNotFlagged(Path path) {
        String longName = "Wanderlust ".repeat(10).strip();

        Turn turn = OfflineHarness.withUnflaggedErrors(path, AgentDraft.empty()).say("Call it " + longName);

        assertThat(turn.draft().name()).isEmpty();
        assertThat(turn.reply()).startsWith("I could not set the name to \"Wanderlust Wanderlust")
                .contains("name must be at most 80 characters, was 109.");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void removingAStarterThatIsNotThereSaysSoHonestly(Path path) {
        Turn turn = OfflineHarness.on(path).say("remove starter Plan a weekend in Rome");

        assertThat(turn.reply()).contains("I could not remove the conversation starter \"Plan a weekend in Rome\": "
                + "no conversation starter \"Plan a weekend in Rome\".");
    }

    @Test
    void theSameConversationAlwaysGivesTheSameCallsAndText() {
        List<String> script = List.of("hello", "I want an agent that helps me plan trips",
                "It should always answer in French", "Add a conversation starter: Plan a weekend in Rome",
                "Enable web search and code interpreter", "Call it Wanderlust", "gibberish 🙂");

        OfflineHarness first = OfflineHarness.on(Path.BLOCKING);
        OfflineHarness second = OfflineHarness.on(Path.STREAMING);
        script.forEach(first::say);
        script.forEach(second::say);

        assertThat(second.memory()).isEqualTo(first.memory());
        assertThat(second.draft()).isEqualTo(first.draft());
    }

    @Test
    void toolCallIdsFollowOnThroughTheConversation() {
        OfflineHarness chat = OfflineHarness.on(Path.BLOCKING);

        Turn first = chat.say("I want an agent that helps me plan trips");
        Turn second = chat.say("Enable web search. Add a starter: Plan a weekend in Rome");

        assertThat(first.allToolCalls()).extracting(c -> c.id()).containsExactly("call_1", "call_2", "call_3");
        assertThat(second.allToolCalls()).extracting(c -> c.id()).containsExactly("call_4", "call_5");
    }

    @Test
    void aCompleteAgentGetsOptionalImprovements() {
        OfflineHarness chat = OfflineHarness.on(Path.BLOCKING);
        chat.say("I want an agent that helps me plan trips");

        Turn turn = chat.say("Add a conversation starter: Plan a weekend in Rome");

        assertThat(turn.draft().missingFields()).isEmpty();
        assertThat(turn.reply()).contains("Your agent looks complete! Optional improvements: switch on web search")
                .contains("(say \"Enable web search\")")
                .contains("add more conversation starters (it has 1 of 8)");
    }

    @Test
    void aResponseIsAlwaysEitherToolCallsOnlyOrTextOnly() {
        ChatResponse calls = OfflineBuilderModel.create().chat(OfflineHarness.firstRequest("Call it Wanderlust"));
        ChatResponse text = OfflineBuilderModel.create().chat(OfflineHarness.firstRequest("hello"));

        AiMessage toolMessage = calls.aiMessage();
        assertThat(toolMessage.text()).isNull();
        assertThat(toolMessage.toolExecutionRequests()).singleElement()
                .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"name\":\"Wanderlust\"}"));
        assertThat(text.aiMessage().hasToolExecutionRequests()).isFalse();
    }
}
