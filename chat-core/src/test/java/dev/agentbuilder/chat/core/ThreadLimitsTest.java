package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a joining member is told the engine accepts. */
@Timeout(60)
class ThreadLimitsTest {

    @Test
    void theSnapshotCarriesTheEnginesMessageLimitAndTheDraftsLimits() {
        ChatEngine engine = ChatEngine.builder().model(new ScriptedModel()).sessionGrace(Duration.ZERO)
                .maxMessageChars(100).build();
        try {
            RecordingListener alice = new RecordingListener();
            engine.join("limits", "alice", 0, alice);

            ThreadLimits limits = alice.expect(ThreadSnapshot.class).limits();

            assertThat(limits).isEqualTo(new ThreadLimits(100, AgentDraft.MAX_NAME_CHARS,
                    AgentDraft.MAX_DESCRIPTION_CHARS, AgentDraft.MAX_INSTRUCTIONS_CHARS, AgentDraft.MAX_STARTERS,
                    AgentDraft.MAX_STARTER_CHARS));
        } finally {
            engine.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aLimitBelowOneIsAProgrammingError() {
        assertThatThrownBy(() -> new ThreadLimits(8000, 80, 500, 8000, 0, 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conversationStarters must be >= 1: 0");
    }
}
