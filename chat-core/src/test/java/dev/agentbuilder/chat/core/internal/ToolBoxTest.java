package dev.agentbuilder.chat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a real model may send as tool calls: everything wrong is answered as an error and changes nothing. */
class ToolBoxTest {

    private final ToolBox box = new ToolBox("t1", AgentDraft.empty());

    @Test
    void aValidCallChangesTheDraftAndSaysWhat() {
        ToolBox.Result result = box.execute(call("set_name", "{\"name\":\"  Wanderlust \"}"));

        assertThat(result.error()).isFalse();
        assertThat(result.text()).contains("Wanderlust");
        assertThat(box.draft().name()).isEqualTo("Wanderlust");
        assertThat(box.draft().version()).isEqualTo(1);
    }

    @Test
    void anUnknownToolIsAnErrorThatListsTheToolsThatExist() {
        ToolBox.Result result = box.execute(call("delete_everything", "{}"));

        assertThat(result.error()).isTrue();
        assertThat(result.text()).contains("no tool named \"delete_everything\"").contains("set_name");
        assertThat(box.draft()).isEqualTo(AgentDraft.empty());
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
        ToolBox.Result result = box.execute(call(tool, arguments));

        assertThat(result.error()).as(result.text()).isTrue();
        assertThat(result.text()).startsWith("Error:");
        assertThat(box.draft()).isEqualTo(AgentDraft.empty());
    }

    @Test
    void textOverItsLimitIsRefusedWithTheLimitInTheAnswer() {
        String longName = "x".repeat(AgentDraft.MAX_NAME_CHARS + 1);
        ToolBox.Result result = box.execute(call("set_name", "{\"name\":\"" + longName + "\"}"));

        assertThat(result.error()).isTrue();
        assertThat(result.text()).contains("at most " + AgentDraft.MAX_NAME_CHARS);
        assertThat(box.draft().name()).isEmpty();
    }

    @Test
    void anUnknownCapabilityIsRefusedNamingTheKnownOnes() {
        ToolBox.Result result = box.execute(call("enable_capability", "{\"capability\":\"telepathy\"}"));

        assertThat(result.error()).isTrue();
        assertThat(result.text()).contains(Capability.allIds());
    }

    @Test
    void aCapabilityMayBeNamedTheWayPeopleWriteIt() {
        assertThat(box.execute(call("enable_capability", "{\"capability\":\"Web Search\"}")).error()).isFalse();
        assertThat(box.draft().capabilities()).containsExactly(Capability.WEB_SEARCH);
    }

    @Test
    void aNinthConversationStarterIsRefused() {
        for (int i = 1; i <= AgentDraft.MAX_STARTERS; i++) {
            assertThat(box.execute(call("add_conversation_starter", "{\"starter\":\"Starter " + i + "\"}")).error())
                    .isFalse();
        }
        ToolBox.Result ninth = box.execute(call("add_conversation_starter", "{\"starter\":\"One too many\"}"));

        assertThat(ninth.error()).isTrue();
        assertThat(box.draft().conversationStarters()).hasSize(AgentDraft.MAX_STARTERS)
                .doesNotContain("One too many");
    }

    @Test
    void aBadCallAmongGoodOnesLeavesTheGoodOnesApplied() {
        List<ToolBox.Result> results = List.of(
                box.execute(call("set_name", "{\"name\":\"Wanderlust\"}")),
                box.execute(call("enable_capability", "{\"capability\":\"teleport\"}")),
                box.execute(call("set_description", "{\"description\":\"Plans trips.\"}")));

        assertThat(results).extracting(ToolBox.Result::error).containsExactly(false, true, false);
        assertThat(box.draft().name()).isEqualTo("Wanderlust");
        assertThat(box.draft().description()).isEqualTo("Plans trips.");
        assertThat(box.draft().capabilities()).isEmpty();
    }

    private static ToolExecutionRequest call(String name, String arguments) {
        return ToolExecutionRequest.builder().id("call_" + name).name(name).arguments(arguments).build();
    }
}
