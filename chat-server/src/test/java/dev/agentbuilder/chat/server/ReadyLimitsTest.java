package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ready} tells a client what the server accepts, and the server accepts exactly that. */
@Timeout(60)
class ReadyLimitsTest {

    /** One emoji: one code point, as the server counts characters, and two UTF-16 units. */
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void readySaysTheConfiguredMessageLimitAndTheDraftsLimits() {
        try (TestServer server = TestServer.start(b -> b.maxMessageChars(100))) {
            WsRecorder client = server.connect("limits", "alice");

            JsonObject limits = client.expect("ready").getAsJsonObject("limits");

            assertThat(limits).isEqualTo(JsonParser.parseString("{\"messageChars\":100,\"nameChars\":80,"
                    + "\"descriptionChars\":500,\"instructionsChars\":8000,\"conversationStarters\":8,"
                    + "\"conversationStarterChars\":200}"));
            client.close();
        }
    }

    @Test
    void aMessageOfTheLimitSaidInReadyIsStoredAndOneCharacterMoreIsTooLong() {
        try (TestServer server = TestServer.start(b -> b.maxMessageChars(100))) {
            WsRecorder client = server.connect("at-the-limit", "alice");
            int limit = client.expect("ready").getAsJsonObject("limits").get("messageChars").getAsInt();

            client.sendUserMessage(EMOJI.repeat(limit + 1), "over");
            JsonObject refused = client.expect("error");
            assertThat(refused.get("code").getAsString()).isEqualTo("message_too_long");
            assertThat(refused.get("clientMessageId").getAsString()).isEqualTo("over");

            client.sendUserMessage(EMOJI.repeat(limit), "at");
            JsonObject ack = client.expect("ack");
            assertThat(ack.get("clientMessageId").getAsString()).isEqualTo("at");
            client.close();
        }
    }
}
