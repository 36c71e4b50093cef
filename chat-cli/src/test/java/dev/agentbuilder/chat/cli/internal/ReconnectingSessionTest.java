package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.CloseCodes;
import org.junit.jupiter.api.Test;

class ReconnectingSessionTest {

    @Test
    void refusalsEndTheSession() {
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.INVALID_REQUEST)).isFalse();
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.UNAUTHORIZED)).isFalse();
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.FORBIDDEN)).isFalse();
    }

    @Test
    void goingAwayTooManyAndServerErrorsAreRetried() {
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.GOING_AWAY)).isTrue();
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.TOO_MANY)).isTrue();
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.INTERNAL_ERROR)).isTrue();
        assertThat(ReconnectingSession.shouldReconnect(CloseCodes.NORMAL)).isTrue();
        assertThat(ReconnectingSession.shouldReconnect(1006)).isTrue();
    }

    @Test
    void oneShotCommandsCountRefusalsAndServerFailuresAsServerErrors() {
        assertThat(Failures.exitStatusForClose(CloseCodes.FORBIDDEN)).isEqualTo(4);
        assertThat(Failures.exitStatusForClose(CloseCodes.INTERNAL_ERROR)).isEqualTo(4);
        assertThat(Failures.exitStatusForClose(CloseCodes.GOING_AWAY)).isEqualTo(3);
        assertThat(Failures.exitStatusForClose(CloseCodes.TOO_MANY)).isEqualTo(3);
    }
}
