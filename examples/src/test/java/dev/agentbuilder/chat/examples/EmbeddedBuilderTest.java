package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EmbeddedBuilderTest {

    @Test
    void theEmbeddedConversationBuildsTheAgentItDescribes() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = EmbeddedBuilder.run(EmbeddedBuilder.CONVERSATION, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(ok).isTrue();
        assertThat(output).contains("you> I want an agent that helps me plan trips").contains("builder> ");
        JsonObject draft = JsonParser.parseString(output.substring(output.lastIndexOf("\n{") + 1)).getAsJsonObject();
        assertThat(draft.get("name").getAsString()).isEqualTo("Wanderlust");
        assertThat(draft.get("description").getAsString()).contains("plan trips");
        assertThat(draft.get("instructions").getAsString()).contains("always answer in French");
        assertThat(draft.getAsJsonArray("conversationStarters").toString()).contains("Plan a weekend in Rome");
        assertThat(draft.getAsJsonArray("capabilities").toString()).contains("web_search");
        assertThat(draft.get("version").getAsLong()).isGreaterThanOrEqualTo(6);
    }
}
