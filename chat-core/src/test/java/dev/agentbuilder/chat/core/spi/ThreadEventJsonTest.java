package dev.agentbuilder.chat.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreadEventJsonTest {

    @Test
    void everyKindOfEventReadsBackEqual() {
        for (ThreadEvent event : ThreadEventSamples.everyKind(1)) {
            String json = ThreadEventJson.write(event);
            assertThat(ThreadEventJson.read(json)).as(json).isEqualTo(event);
        }
    }

    @Test
    void eventsAreOneLineEachWithTheirType() {
        for (ThreadEvent event : ThreadEventSamples.everyKind(7)) {
            String json = ThreadEventJson.write(event);
            assertThat(json).doesNotContain("\n").startsWith("{\"type\":\"");
        }
        assertThat(ThreadEventJson.write(new AssistantDelta("a-1", "hi")))
                .isEqualTo("{\"type\":\"assistant_delta\",\"messageId\":\"a-1\",\"delta\":\"hi\"}");
    }

    @Test
    void aDeltaKeepsTheLeaseTokenItStreamedUnderAndADeltaWithoutOneIsOfOneProcess() {
        AssistantDelta fenced = new AssistantDelta("a-1", "hi", Channel.PREVIEW, 7);
        assertThat(ThreadEventJson.write(fenced)).endsWith(",\"channel\":\"preview\",\"fence\":7}");
        assertThat(ThreadEventJson.read(ThreadEventJson.write(fenced))).isEqualTo(fenced);
        assertThat(ThreadEventJson.read("{\"type\":\"assistant_delta\",\"messageId\":\"a\",\"delta\":\"d\"}"))
                .isEqualTo(new AssistantDelta("a", "d", Channel.BUILDER, 0));
    }

    @Test
    void unicodeOutsideTheBasicPlaneSurvives() {
        String text = "𝄞 music, 👩‍👩‍👧 family, 日本語, עברית, e\u0301";
        AssistantDelta delta = new AssistantDelta("a-1", text);
        assertThat(ThreadEventJson.read(ThreadEventJson.write(delta))).isEqualTo(delta);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "not json",
        "[1,2]",
        "\"text\"",
        "{}",
        "{\"type\":\"no_such_event\"}",
        "{\"type\":42}",
        "{\"type\":\"status\"}",
        "{\"type\":\"status\",\"state\":\"SLEEPING\"}",
        "{\"type\":\"assistant_delta\",\"messageId\":\"a\"}",
        "{\"type\":\"assistant_delta\",\"messageId\":\"a\",\"delta\":\"d\",\"fence\":-1}",
        "{\"type\":\"assistant_delta\",\"messageId\":\"a\",\"delta\":\"d\",\"fence\":\"soon\"}",
        "{\"type\":\"message_added\",\"seq\":0,\"message\":{}}",
        "{\"type\":\"message_added\",\"seq\":1,\"message\":\"x\"}",
        "{\"type\":\"message_added\",\"seq\":1,\"message\":{\"id\":\"u\",\"role\":\"USER\",\"content\":\"c\","
                + "\"createdAt\":\"yesterday\",\"userId\":\"a\"}}",
        "{\"type\":\"agent_updated\",\"seq\":2,\"agent\":{\"name\":\"x\"}}",
        "{\"type\":\"turn_failed\",\"code\":\"NOPE\",\"message\":\"m\"}",
        "{\"type\":\"assistant_delta\",\"messageId\":\"a\",\"delta\":\"d\"",
        "{\"type\":\"status\",\"state\":\"IDLE\"} trailing"
    })
    void garbageIsRefusedWithAnIllegalArgumentException(String garbage) {
        assertThatThrownBy(() -> ThreadEventJson.read(garbage))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a thread event");
    }

    @Test
    void deeplyNestedGarbageIsRefusedLikeAnyOther() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> ThreadEventJson.read(deep)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ThreadEventJson.read(null)).isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
