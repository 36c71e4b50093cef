package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.CloseCodes;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void oneShotCommandsCountRefusalsAndServerFailuresAsServerErrors() {
        assertThat(Failures.isServerError(CloseCodes.FORBIDDEN)).isTrue();
        assertThat(Failures.isServerError(CloseCodes.INTERNAL_ERROR)).isTrue();
        assertThat(Failures.isServerError(CloseCodes.TOO_BIG)).isTrue();
        assertThat(Failures.isServerError(CloseCodes.GOING_AWAY)).isFalse();
        assertThat(Failures.isServerError(CloseCodes.TOO_MANY)).isFalse();
    }
}
