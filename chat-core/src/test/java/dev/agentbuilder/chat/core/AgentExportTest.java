package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentExportTest {

    private final AgentDraft agent = new AgentDraft("Wanderlust", "Helps you plan trips.",
            "You are Wanderlust.\n- Always answer in French.", List.of("Plan a weekend in Rome", "Find a cheap flight"),
            List.of(Capability.WEB_SEARCH, Capability.CODE_INTERPRETER, Capability.FILE_SEARCH), 7);

    @Test
    void jsonIsTheProtocolsAgentObjectPrettyPrinted() {
        String json = AgentExport.render(agent, AgentExport.Format.JSON);

        assertThat(json).isEqualTo(agent.toJson()).contains("\n  \"name\": \"Wanderlust\"");
        assertThat(DraftJson.fromJson(json)).isEqualTo(agent);
    }

    @Test
    void openAiIsAResponsesApiBodyWithTheInstructionsAndAToolPerCapability() {
        JsonObject body = JsonParser.parseString(AgentExport.render(agent, AgentExport.Format.OPENAI))
                .getAsJsonObject();

        assertThat(body.get("model").getAsString()).isEqualTo(AgentExport.OPENAI_MODEL);
        assertThat(body.get("instructions").getAsString()).isEqualTo(agent.instructions());
        JsonArray tools = body.getAsJsonArray("tools");
        assertThat(tools).hasSize(3);
        assertThat(tools.get(0)).isEqualTo(JsonParser.parseString("{\"type\":\"web_search\"}"));
        assertThat(tools.get(1)).isEqualTo(
                JsonParser.parseString("{\"type\":\"code_interpreter\",\"container\":{\"type\":\"auto\"}}"));
        assertThat(tools.get(2)).isEqualTo(
                JsonParser.parseString("{\"type\":\"file_search\",\"vector_store_ids\":[]}"));
        assertThat(body.getAsJsonObject("metadata").get("name").getAsString()).isEqualTo("Wanderlust");
    }

    @Test
    void markdownHasTheNameAsHeadingThenDescriptionInstructionsStartersAndCapabilities() {
        String md = AgentExport.render(agent, AgentExport.Format.MARKDOWN);

        assertThat(md).startsWith("# Wanderlust\n\nHelps you plan trips.\n\n## Instructions\n\n```text\n"
                + "You are Wanderlust.\n- Always answer in French.\n```\n\n## Conversation starters\n\n"
                + "- Plan a weekend in Rome\n- Find a cheap flight\n\n## Capabilities\n\n- web_search\n"
                + "- code_interpreter\n- file_search\n");
    }

    @Test
    void anEmptyDraftExportsWithoutHolesAndAFenceInTheInstructionsDoesNotEndTheirBlock() {
        assertThat(AgentExport.render(AgentDraft.empty(), AgentExport.Format.MARKDOWN))
                .startsWith("# Untitled agent\n\n## Instructions\n\n_None yet._");
        AgentDraft fenced = AgentDraft.empty().withInstructions("Show code as ```java blocks``` or ~~~~ ones.");
        assertThat(AgentExport.render(fenced, AgentExport.Format.MARKDOWN))
                .contains("````text\nShow code as ```java blocks``` or ~~~~ ones.\n````");
        assertThat(JsonParser.parseString(AgentExport.render(AgentDraft.empty(), AgentExport.Format.OPENAI))
                .getAsJsonObject().getAsJsonArray("tools")).isEmpty();
    }
}
