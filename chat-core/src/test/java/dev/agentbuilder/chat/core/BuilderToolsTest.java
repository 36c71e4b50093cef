package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.BuilderTools.Applied;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a real model may send as tool calls: everything wrong is answered as an error and changes nothing. */
class BuilderToolsTest {

    /** The draft after every call so far, as the engine carries it from one call of a response to the next. */
    private AgentDraft draft = AgentDraft.empty();

    private Applied apply(ToolExecutionRequest call) {
        Applied applied = BuilderTools.apply(draft, call);
        draft = applied.draft();
        return applied;
    }

    @Test
    void everyToolTakesOneStringArgumentAndTheSpecificationsListThemAll() {
        assertThat(BuilderTools.specifications()).extracting(ToolSpecification::name).containsExactlyInAnyOrder(
                BuilderTools.SET_NAME, BuilderTools.SET_DESCRIPTION, BuilderTools.SET_INSTRUCTIONS,
                BuilderTools.ADD_CONVERSATION_STARTER, BuilderTools.REMOVE_CONVERSATION_STARTER,
                BuilderTools.ENABLE_CAPABILITY, BuilderTools.DISABLE_CAPABILITY);
        assertThat(BuilderTools.specifications()).allSatisfy(spec -> assertThat(spec.parameters().properties())
                .hasSize(1).containsKey(BuilderTools.argumentOf(spec.name())));
        assertThat(BuilderTools.argumentOf(BuilderTools.SET_NAME)).isEqualTo("name");
        assertThat(BuilderTools.argumentOf(BuilderTools.ENABLE_CAPABILITY)).isEqualTo("capability");
    }

    @Test
    void aNameThatIsNoToolHasNoArgument() {
        assertThatThrownBy(() -> BuilderTools.argumentOf("delete_everything"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delete_everything");
    }

    @Test
    void aValidCallChangesTheDraftAndSaysWhat() {
        Applied result = apply(call("set_name", "{\"name\":\"  Wanderlust \"}"));

        assertThat(result.error()).isFalse();
        assertThat(result.result()).contains("Wanderlust");
        assertThat(draft.name()).isEqualTo("Wanderlust");
        assertThat(draft.version()).isEqualTo(1);
    }

    @Test
    void anUnknownToolIsAnErrorThatListsTheToolsThatExist() {
        Applied result = apply(call("delete_everything", "{}"));

        assertThat(result.error()).isTrue();
        assertThat(result.result()).contains("no tool named \"delete_everything\"").contains("set_name");
        assertThat(draft).isEqualTo(AgentDraft.empty());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "set_name|{\"name\": ",
            "set_name|not json at all",
            "set_name|[1, 2]",
            "set_name|null",
            "set_name|{}",
            "set_name|{\"nom\":\"Wanderlust\"}",
            "set_name|{\"name\":\"   \"}",
            "set_name|{\"name\":{\"first\":\"W\"}}",
            "set_name|{\"name\":42}",
            "set_name|{\"name\":\"Wanderlust\",\"emoji\":\"plane\"}",
            "set_description|{\"description\":\"\"}",
            "enable_capability|{\"capability\":\"time_travel\"}",
            "disable_capability|{\"capability\":42}",
            "remove_conversation_starter|{\"starter\":\"not there\"}",
    })
    void aBadCallIsAnErrorResultAndChangesNothing(String tool, String arguments) {
        Applied result = apply(call(tool, arguments));

        assertThat(result.error()).as(result.result()).isTrue();
        assertThat(result.result()).startsWith("Error:");
        assertThat(draft).isEqualTo(AgentDraft.empty());
    }

    @Test
    void textOverItsLimitIsRefusedWithTheLimitInTheAnswer() {
        String longName = "x".repeat(AgentDraft.MAX_NAME_CHARS + 1);
        Applied result = apply(call("set_name", "{\"name\":\"" + longName + "\"}"));

        assertThat(result.error()).isTrue();
        assertThat(result.result()).contains("at most " + AgentDraft.MAX_NAME_CHARS);
        assertThat(draft.name()).isEmpty();
    }

    @Test
    void anUnknownCapabilityIsRefusedNamingTheKnownOnes() {
        Applied result = apply(call("enable_capability", "{\"capability\":\"telepathy\"}"));

        assertThat(result.error()).isTrue();
        assertThat(result.result()).contains(Capability.allIds());
    }

    @Test
    void aCapabilityMayBeNamedTheWayPeopleWriteIt() {
        assertThat(apply(call("enable_capability", "{\"capability\":\"Web Search\"}")).error()).isFalse();
        assertThat(draft.capabilities()).containsExactly(Capability.WEB_SEARCH);
    }

    @Test
    void aNinthConversationStarterIsRefused() {
        for (int i = 1; i <= AgentDraft.MAX_STARTERS; i++) {
            assertThat(apply(call("add_conversation_starter", "{\"starter\":\"Starter " + i + "\"}")).error())
                    .isFalse();
        }
        Applied ninth = apply(call("add_conversation_starter", "{\"starter\":\"One too many\"}"));

        assertThat(ninth.error()).isTrue();
        assertThat(draft.conversationStarters()).hasSize(AgentDraft.MAX_STARTERS)
                .doesNotContain("One too many");
    }

    @Test
    void aBadCallAmongGoodOnesLeavesTheGoodOnesApplied() {
        List<Applied> results = List.of(
                apply(call("set_name", "{\"name\":\"Wanderlust\"}")),
                apply(call("enable_capability", "{\"capability\":\"teleport\"}")),
                apply(call("set_description", "{\"description\":\"Plans trips.\"}")));

        assertThat(results).extracting(Applied::error).containsExactly(false, true, false);
        assertThat(draft.name()).isEqualTo("Wanderlust");
        assertThat(draft.description()).isEqualTo("Plans trips.");
        assertThat(draft.capabilities()).isEmpty();
    }

    private static ToolExecutionRequest call(String name, String arguments) {
        return ToolExecutionRequest.builder().id("call_" + name).name(name).arguments(arguments).build();
    }
}
