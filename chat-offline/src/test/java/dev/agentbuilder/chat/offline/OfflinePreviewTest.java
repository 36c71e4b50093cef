package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.BuilderPrompt;
import dev.agentbuilder.chat.core.BuilderTools;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.PreviewPrompt;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The offline model playing the agent being built: in character, deterministic, following its language rule. */
class OfflinePreviewTest {

    private final OfflineBuilderModel model = OfflineBuilderModel.create();

    @Test
    void theAgentNamesItselfAndItsPurposeAndSaysWhatItCanUseWithoutCallingTools() {
        AgentDraft agent = new AgentDraft("Wanderlust", "Helps you plan trips.", "You are Wanderlust.",
                List.of("Plan a weekend in Rome"), List.of(Capability.WEB_SEARCH), 4);

        ChatResponse response = model.chat(preview(agent, "Who are you?"));

        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.aiMessage().text()).startsWith("Hi, I'm **Wanderlust**. What I do: Helps you plan trips.")
                .contains("web search").contains("\"Who are you?\"");
    }

    @Test
    void anAgentToldToAnswerInFrenchAnswersInFrench() {
        AgentDraft agent = new AgentDraft("Wanderlust", "Helps you plan trips.",
                "You are Wanderlust, an assistant that helps the user plan trips.\n- You should always answer in French.",
                List.of(), List.of(), 5);

        String reply = model.chat(preview(agent, "Plan a weekend in Rome")).aiMessage().text();

        assertThat(reply).startsWith("Bonjour, je suis **Wanderlust**.").contains("« Plan a weekend in Rome »");
    }

    @Test
    void aRuleNotToAnswerInALanguageIsNoRuleToSpeakIt() {
        AgentDraft agent = new AgentDraft("Wanderlust", "", "You are Wanderlust.\n- Never answer in French.\n"
                + "- You should always answer in German.", List.of(), List.of(), 2);

        assertThat(model.chat(preview(agent, "Hi")).aiMessage().text()).startsWith("Hallo, ich bin **Wanderlust**.");
    }

    @Test
    void theSameRequestGetsTheSameReplyAndAnAgentWithoutANameSaysSo() {
        AgentDraft unnamed = AgentDraft.empty();

        String first = model.chat(preview(unnamed, "Hello")).aiMessage().text();

        assertThat(first).isEqualTo(model.chat(preview(unnamed, "Hello")).aiMessage().text())
                .startsWith("Hi, I'm your new agent (no name yet).");
    }

    @Test
    void aBuilderRequestIsStillAnsweredAsTheBuilder() {
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(SystemMessage.from(BuilderPrompt.systemMessage(
                        AgentDraft.empty())), UserMessage.from("I want an agent that helps me plan trips"))
                .toolSpecifications(BuilderTools.specifications())
                .build());

        assertThat(response.aiMessage().hasToolExecutionRequests()).isTrue();
    }

    private static ChatRequest preview(AgentDraft agent, String userText) {
        return ChatRequest.builder()
                .messages(SystemMessage.from(PreviewPrompt.systemMessage(agent)), UserMessage.from(userText))
                .build();
    }
}
