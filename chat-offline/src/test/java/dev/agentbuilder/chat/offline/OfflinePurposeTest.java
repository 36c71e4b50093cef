package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.offline.OfflineHarness.Path;
import dev.agentbuilder.chat.offline.OfflineHarness.Turn;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OfflinePurposeTest {

    @ParameterizedTest
    @EnumSource(Path.class)
    void aPurposeSetsDescriptionProposesANameAndWritesInstructions(Path path) {
        OfflineHarness chat = OfflineHarness.on(path);

        Turn turn = chat.say("I want an agent that helps me plan trips");

        assertThat(turn.toolCalls()).hasSize(1);
        assertThat(turn.toolNames())
                .containsExactly(BuilderTools.SET_DESCRIPTION, BuilderTools.SET_NAME, BuilderTools.SET_INSTRUCTIONS);
        assertThat(turn.responses().get(0).aiMessage().text()).isNull();
        assertThat(turn.draft().description()).isEqualTo("Helps you plan trips.");
        assertThat(turn.draft().name()).isEqualTo("Trip Planner");
        assertThat(turn.draft().instructions())
                .startsWith("You are Trip Planner, an assistant that helps the user plan trips.")
                .contains("\n- ");
        assertThat(turn.reply())
                .contains("I've named it **Trip Planner** — say \"Call it ...\" to change it.")
                .contains("Help me plan trips")
                .contains("web search");
        assertThat(turn.draft().conversationStarters()).isEmpty();
        assertThat(turn.draft().capabilities()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            I need a bot that helps me plan trips                  | plan trips          | Trip Planner
            Create an assistant that plans trips                   | plan trips          | Trip Planner
            create an assistant which can plan trips for my family | plan trips          | Trip Planner
            Create an assistant who helps me plan trips.           | plan trips          | Trip Planner
            Create an assistant to plan weekend trips              | plan weekend trips  | Weekend Trip Planner
            build me an agent to answer questions about tax        | answer questions    | Tax Expert
            Make an agent for trip planning                        | with trip planning  | Trip Planner
            Hi, I'd like to build an AI agent that writes cover letters | write cover letters | Cover Letter Writer
            I want an agent that helps me learn Spanish!           | learn Spanish       | Spanish Tutor
            i want an agent that does zxqv                         | do zxqv             | Zxqv Assistant
            """)
    void purposePhrasingsAllSetADescriptionAndATitleCaseName(String message, String inDescription, String name) {
        Turn turn = OfflineHarness.on(Path.BLOCKING).say(message);

        assertThat(turn.draft().description()).containsIgnoringCase(inDescription).startsWith("Helps you");
        assertThat(turn.draft().name()).isEqualTo(name);
        assertThat(turn.draft().instructions()).startsWith("You are " + name + ", an assistant that");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aPurposeWithNothingToNameFallsBackToHelpfulAssistant(Path path) {
        Turn turn = OfflineHarness.on(path).say("I want an agent that helps me");

        assertThat(turn.draft().name()).isEqualTo("Helpful Assistant");
        assertThat(turn.draft().description()).isEqualTo("Helps you.");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aNewPurposeKeepsExistingNameAndInstructionsAndOnlyUpdatesTheDescription(Path path) {
        AgentDraft existing = AgentDraft.empty().withName("Wanderlust").withInstructions("Be brief.");

        Turn turn = OfflineHarness.on(path, existing).say("Make an agent that helps me plan trips");

        assertThat(turn.toolNames()).containsExactly(BuilderTools.SET_DESCRIPTION);
        assertThat(turn.draft().name()).isEqualTo("Wanderlust");
        assertThat(turn.draft().instructions()).isEqualTo("Be brief.");
        assertThat(turn.draft().description()).isEqualTo("Helps you plan trips.");
        assertThat(turn.reply()).contains("I've set the description to \"Helps you plan trips.\"")
                .doesNotContain("named it");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aNameGivenWithThePurposeIsUsedInTheWrittenInstructions(Path path) {
        Turn turn = OfflineHarness.on(path).say("I want an agent that helps me plan trips. Call it Wanderlust.");

        assertThat(turn.draft().name()).isEqualTo("Wanderlust");
        assertThat(turn.draft().instructions()).startsWith("You are Wanderlust, an assistant that helps the user");
        assertThat(turn.reply()).contains("it's now called **Wanderlust**").doesNotContain("Trip Planner");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void suggestionsFitThePurposeButAreNeverAddedWithoutBeingAsked(Path path) {
        Turn turn = OfflineHarness.on(path).say("I want an agent that helps me analyze sales data in spreadsheets");

        assertThat(turn.reply()).contains("code interpreter").contains("\"Enable code interpreter\"");
        assertThat(turn.draft().capabilities()).isEmpty();
        assertThat(turn.draft().conversationStarters()).isEmpty();
        assertThat(turn.reply()).contains("Help me analyze sales data in spreadsheets");
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void theFollowUpSaysWhatIsStillMissing(Path path) {
        Turn turn = OfflineHarness.on(path).say("I want an agent that helps me plan trips");

        assertThat(turn.draft().missingFields()).containsExactly("conversationStarters");
        assertThat(turn.reply()).endsWith("Your agent still needs conversation starters.");
    }
}
