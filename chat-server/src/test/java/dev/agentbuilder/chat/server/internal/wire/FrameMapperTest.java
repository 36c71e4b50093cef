package dev.agentbuilder.chat.server.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Protocol frames from chat-core's values: the parts with a rule of their own. */
class FrameMapperTest {

    @Test
    void aMessageStoredAtAWholeSecondStillHasThreeFractionDigits() {
        ThreadMessage stored = ThreadMessage.user("m1", "hi", Instant.parse("2026-11-25T20:22:25Z"), "alice", null);

        assertThat(FrameMapper.message(stored).createdAt()).isEqualTo("2026-11-25T20:22:25.000Z");
    }

    @Test
    void timesAreWrittenInUtcToTheMillisecond() {
        assertThat(FrameMapper.time(Instant.parse("2026-11-25T20:22:25.172Z"))).isEqualTo("2026-11-25T20:22:25.172Z");
        assertThat(FrameMapper.time(Instant.parse("2026-11-25T20:22:25.172999Z")))
                .isEqualTo("2026-11-25T20:22:25.172Z");
        assertThat(FrameMapper.time(Instant.parse("2026-01-01T00:00:00.050Z"))).isEqualTo("2026-01-01T00:00:00.050Z");
    }
}
