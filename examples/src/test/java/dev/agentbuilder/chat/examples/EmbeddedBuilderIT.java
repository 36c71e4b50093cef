package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedded example as a user runs it: {@code java -jar examples/target/examples.jar}, no server, no sockets. */
@Timeout(90)
class EmbeddedBuilderIT {

    @Test
    void thePackagedExampleHoldsTheConversationAndPrintsTheDraftAsJson() throws Exception {
        try (JarProcess example = JarProcess.start("examples.jar")) {
            assertThat(example.awaitExit()).isZero();
            String output = example.outputAfterExit();

            assertThat(output).contains("you> I want an agent that helps me plan trips")
                    .contains("you> Enable web search").contains("builder> ");
            JsonObject draft = JsonParser.parseString(output.substring(output.lastIndexOf("\n{") + 1))
                    .getAsJsonObject();
            assertThat(draft.get("name").getAsString()).isEqualTo("Wanderlust");
            assertThat(draft.get("instructions").getAsString()).contains("always answer in French");
            assertThat(draft.getAsJsonArray("conversationStarters").toString()).contains("Plan a weekend in Rome");
            assertThat(draft.getAsJsonArray("capabilities").toString()).contains("web_search");
        }
    }

    @Test
    void messagesGivenAsArgumentsReplaceTheScriptedConversation() throws Exception {
        try (JarProcess example = JarProcess.start("examples.jar", "I want an agent that helps me write poems",
                "Call it Verse")) {
            assertThat(example.awaitExit()).isZero();
            String output = example.outputAfterExit();

            assertThat(output).contains("you> Call it Verse").doesNotContain("plan trips");
            JsonObject draft = JsonParser.parseString(output.substring(output.lastIndexOf("\n{") + 1))
                    .getAsJsonObject();
            assertThat(draft.get("name").getAsString()).isEqualTo("Verse");
            assertThat(draft.get("description").getAsString()).contains("write poems");
        }
    }
}
