package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.offline.OfflineHarness.Path;
import dev.agentbuilder.chat.offline.OfflineHarness.Turn;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineEditsTest {

    private static final AgentDraft TRIP_PLANNER = AgentDraft.empty()
            .withName("Trip Planner")
            .withDescription("Helps you plan trips.")
            .withInstructions("You are Trip Planner.");

    @ParameterizedTest
    @EnumSource(Path.class)
    void callItWanderlustSetsTheNameExactly(Path path) {
        AgentDraft draft = TRIP_PLANNER.withInstructions("Plan trips.");

        Turn turn = OfflineHarness.on(path, draft).say("Call it Wanderlust");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_NAME);
        assertThat(turn.allToolCalls().get(0).arguments()).isEqualTo("{\"name\":\"Wanderlust\"}");
        assertThat(turn.draft().name()).isEqualTo("Wanderlust");
        assertThat(turn.draft().instructions()).isEqualTo("Plan trips.");
        assertThat(turn.reply()).startsWith("Done — it's now called **Wanderlust**.");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void renamingAlsoFixesTheNameWhereTheInstructionsIntroduceTheAgent(Path path) {
        AgentDraft draft = TRIP_PLANNER.withInstructions("You are Trip Planner, an assistant.\nTrip Planner rocks.");

        Turn turn = OfflineHarness.on(path, draft).say("rename it to Wanderlust");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_NAME, BuilderTools.SET_INSTRUCTIONS);
        assertThat(turn.draft().instructions()).isEqualTo("You are Wanderlust, an assistant.\nTrip Planner rocks.");
        assertThat(turn.reply()).contains("I've updated the instructions to use the new name.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Name it Wanderlust", "rename it to Wanderlust", "its name should be Wanderlust", "Call it \"Wanderlust\".",
        "CALL IT 'Wanderlust'!", "Let's call it Wanderlust, please", "name: Wanderlust", "Rename it to “Wanderlust”",
    })
    void everyWayOfNamingItKeepsTheUsersNameExactly(String message) {
        Turn turn = OfflineHarness.on(Path.BLOCKING, TRIP_PLANNER).say(message);

        assertThat(turn.draft().name()).isEqualTo("Wanderlust");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theUsersCasingOfTheNameIsKept(Path path) {
        Turn turn = OfflineHarness.on(path).say("call it wanderLUST 2000");

        assertThat(turn.draft().name()).isEqualTo("wanderLUST 2000");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aRuleIsAppendedInTheUsersWords(Path path) {
        Turn turn = OfflineHarness.on(path, TRIP_PLANNER).say("It should always answer in French");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_INSTRUCTIONS);
        assertThat(turn.draft().instructions())
                .isEqualTo("You are Trip Planner.\n- You should always answer in French.");
        assertThat(turn.reply()).contains("added the rule \"You should always answer in French.\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            it must never use emoji                   | You must never use emoji.
            The agent should not give medical advice  | You should not give medical advice.
            Always answer in French.                  | Always answer in French.
            never share my address                    | Never share the user's address.
            I want it to call me Captain              | You should call the user Captain.
            It shouldn't make up prices               | You should not make up prices.
            """)
    void ruleWordingsBecomeInstructionLines(String message, String line) {
        Turn turn = OfflineHarness.on(Path.BLOCKING, TRIP_PLANNER).say(message);

        assertThat(turn.draft().instructions()).endsWith("\n- " + line);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aRuleOnEmptyInstructionsStartsThemWithTheNameAndDescription(Path path) {
        AgentDraft named = AgentDraft.empty().withName("Wanderlust").withDescription("Helps you plan trips.");

        Turn turn = OfflineHarness.on(path, named).say("It should always answer in French");

        assertThat(turn.draft().instructions()).isEqualTo("""
                You are Wanderlust, a helpful assistant.
                What you do: Helps the user plan trips.
                - You should always answer in French.""");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aRuleAlreadyThereIsNotAddedTwice(Path path) {
        OfflineHarness chat = OfflineHarness.on(path, TRIP_PLANNER);
        chat.say("It should always answer in French");
        String once = chat.draft().instructions();

        Turn again = chat.say("it should ALWAYS answer in French.");

        assertThat(again.toolCalls()).isEmpty();
        assertThat(again.draft().instructions()).isEqualTo(once);
        assertThat(again.reply()).contains("already say \"always answer in french\"");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void addAConversationStarterAddsItExactly(Path path) {
        Turn turn = OfflineHarness.on(path, TRIP_PLANNER).say("Add a conversation starter: Plan a weekend in Rome");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.ADD_CONVERSATION_STARTER);
        assertThat(turn.draft().conversationStarters()).containsExactly("Plan a weekend in Rome");
        assertThat(turn.reply()).contains("I've added the conversation starter \"Plan a weekend in Rome\".");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            add starter Plan a weekend in Rome                                     | Plan a weekend in Rome
            add a starter "Plan a weekend in Rome"                                 | Plan a weekend in Rome
            Add a conversation starter: Plan a weekend in Rome.                    | Plan a weekend in Rome
            add a starter: Where should I go in Rome, Florence, or Venice?         | Where should I go in Rome, Florence, or Venice?
            Add a starter: Plan a trip to St. Louis. Include the arch.            | Plan a trip to St. Louis. Include the arch
            starter: What's the cheapest way to get around? I'm on a budget!       | What's the cheapest way to get around? I'm on a budget!
            """)
    void startersAreNotSplitOnTheirOwnPunctuation(String message, String starter) {
        Turn turn = OfflineHarness.on(Path.BLOCKING, TRIP_PLANNER).say(message);

        assertThat(turn.draft().conversationStarters()).containsExactly(starter);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aStarterFollowedByAnotherRequestGivesBoth(Path path) {
        Turn turn = OfflineHarness.on(path, TRIP_PLANNER).say("Add a starter: Plan a weekend in Rome. Enable web search.");

        assertThat(turn.draft().conversationStarters()).containsExactly("Plan a weekend in Rome");
        assertThat(turn.draft().capabilities()).containsExactly(Capability.WEB_SEARCH);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void removeStarterRemovesIt(Path path) {
        AgentDraft withStarter = TRIP_PLANNER.withStarter("Plan a weekend in Rome");

        Turn turn = OfflineHarness.on(path, withStarter).say("Remove the starter \"plan a weekend in rome\"");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.REMOVE_CONVERSATION_STARTER);
        assertThat(turn.draft().conversationStarters()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Enable web search             | WEB_SEARCH
            turn on code interpreter      | CODE_INTERPRETER
            add image generation          | IMAGE_GENERATION
            enable file_search            | FILE_SEARCH
            enable code_interpreter       | CODE_INTERPRETER
            Switch on web-search please   | WEB_SEARCH
            """)
    void capabilitiesAreSwitchedOnByTheirId(String message, Capability capability) {
        Turn turn = OfflineHarness.on(Path.BLOCKING, TRIP_PLANNER).say(message);

        assertThat(turn.allToolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo(BuilderTools.ENABLE_CAPABILITY);
            assertThat(call.arguments()).isEqualTo("{\"capability\":\"" + capability.id() + "\"}");
        });
        assertThat(turn.draft().capabilities()).containsExactly(capability);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Disable web search", "turn off web search", "remove web search", "turn web search off", "Disable WEB_SEARCH",
        "it should never use web search",
    })
    void capabilitiesAreSwitchedOffInManyWords(String message) {
        AgentDraft searching = TRIP_PLANNER.withCapability(Capability.WEB_SEARCH, true);

        Turn turn = OfflineHarness.on(Path.BLOCKING, searching).say(message);

        assertThat(turn.toolNames()).containsExactly(BuilderTools.DISABLE_CAPABILITY);
        assertThat(turn.draft().capabilities()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void severalCapabilitiesInOneMessageGiveSeveralCalls(Path path) {
        AgentDraft withImages = TRIP_PLANNER.withCapability(Capability.IMAGE_GENERATION, true);

        Turn turn = OfflineHarness.on(path, withImages)
                .say("Enable web search, code interpreter and file search, and disable image generation");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.ENABLE_CAPABILITY, BuilderTools.ENABLE_CAPABILITY,
                BuilderTools.ENABLE_CAPABILITY, BuilderTools.DISABLE_CAPABILITY);
        assertThat(turn.draft().capabilities())
                .containsExactly(Capability.WEB_SEARCH, Capability.CODE_INTERPRETER, Capability.FILE_SEARCH);
        assertThat(turn.reply()).contains("I've switched on web search.").contains("I've switched off image generation.");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aCapabilityAlreadyOnNeedsNoCall(Path path) {
        AgentDraft searching = TRIP_PLANNER.withCapability(Capability.WEB_SEARCH, true);

        Turn turn = OfflineHarness.on(path, searching).say("enable web search");

        assertThat(turn.toolCalls()).isEmpty();
        assertThat(turn.reply()).startsWith("Web search is already on.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            description: Finds the cheapest flights.                  | Finds the cheapest flights.
            Describe it as a friendly guide to Italian food            | a friendly guide to Italian food
            the description should be "Your travel buddy."             | Your travel buddy.
            """)
    void descriptionCanBeWrittenByTheUser(String message, String description) {
        Turn turn = OfflineHarness.on(Path.BLOCKING, TRIP_PLANNER).say(message);

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_DESCRIPTION);
        assertThat(turn.draft().description()).isEqualTo(description);
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void instructionsLabelReplacesThemWithTheRestOfTheMessage(Path path) {
        Turn turn = OfflineHarness.on(path, TRIP_PLANNER)
                .say("instructions: You plan trips.\nAsk for dates first. Call it Nope.");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_INSTRUCTIONS);
        assertThat(turn.draft().instructions()).isEqualTo("You plan trips.\nAsk for dates first. Call it Nope.");
        assertThat(turn.draft().name()).isEqualTo("Trip Planner");
        assertThat(turn.reply()).contains("I've replaced the instructions with your text.");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void oneMessageWithManyRequestsAppliesThemAllWithOneCallPerField(Path path) {
        Turn turn = OfflineHarness.on(path).say("""
                Hi! I want an agent that helps me plan trips and it should always answer in French.
                Call it Wanderlust and enable web search.
                - Add a conversation starter: Plan a weekend in Rome
                """);

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_DESCRIPTION, BuilderTools.SET_NAME,
                BuilderTools.SET_INSTRUCTIONS, BuilderTools.ADD_CONVERSATION_STARTER, BuilderTools.ENABLE_CAPABILITY);
        AgentDraft draft = turn.draft();
        assertThat(draft.name()).isEqualTo("Wanderlust");
        assertThat(draft.description()).isEqualTo("Helps you plan trips.");
        assertThat(draft.instructions()).startsWith("You are Wanderlust, an assistant that helps the user plan trips.")
                .endsWith("\n- You should always answer in French.");
        assertThat(draft.conversationStarters()).isEqualTo(List.of("Plan a weekend in Rome"));
        assertThat(draft.capabilities()).containsExactly(Capability.WEB_SEARCH);
        assertThat(draft.missingFields()).isEmpty();
        assertThat(turn.reply()).contains("Your agent looks complete!");
    }
}
