package dev.agentbuilder.chat.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgBusPayloadTest {

    @Test
    void aThreadIdWithBarsAndColonsReadsBack() {
        PgBusPayload payload = new PgBusPayload("n1", "team|a:b:c", 42);
        assertThat(payload.encode()).isEqualTo("n1|team|a:b:c:42");
        assertThat(PgBusPayload.parse(payload.encode())).contains(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "n1", "n1|t1", "n1|t1:", "n1|:5", "|t1:5", "n1|t1:x", "n1|t1:0", "n1|t1:-3"})
    void somethingElseOnTheChannelIsIgnored(String payload) {
        assertThat(PgBusPayload.parse(payload)).isEmpty();
    }

    @Test
    void aPayloadOverPostgresqlsLimitDoesNotFit() {
        assertThat(new PgBusPayload("n1", "t".repeat(8_000), 1).fits()).isFalse();
        assertThat(new PgBusPayload("n1", "t".repeat(100), 1).fits()).isTrue();
    }
}
