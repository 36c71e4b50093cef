package dev.agentbuilder.chat.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void aLiveEventsPositionAndAStoredEventsAbsenceOfOneReadBack() {
        assertThat(Envelope.read(Envelope.write("node-a", 3, 41, "{\"type\":\"x\"}")))
                .isEqualTo(new Envelope("node-a", 3, 41, "{\"type\":\"x\"}"));
        Envelope stored = Envelope.read(Envelope.write("node-a", 3, 0, "{\"a\":\"b|c\"}"));
        assertThat(stored).isEqualTo(new Envelope("node-a", 0, 0, "{\"a\":\"b|c\"}"));
        assertThat(stored.positioned()).isFalse();
    }

    @Test
    void aBusKnowsItsOwnMessagesByTheirOriginAlone() {
        String message = Envelope.write("node-a", 3, 41, "{}");
        assertThat(Envelope.isFrom(message, "node-a")).isTrue();
        assertThat(Envelope.isFrom(message, "node")).isFalse();
        assertThat(Envelope.isFrom(message, "node-ab")).isFalse();
        assertThat(Envelope.isFrom("node-a", "node-a")).isFalse();
    }

    @Test
    void anOlderNodesMessageWithoutAPositionIsReadAsUnpositioned() {
        assertThat(Envelope.read("node-old|{\"type\":\"x\"}")).isEqualTo(new Envelope("node-old", 0, 0,
                "{\"type\":\"x\"}"));
    }

    @Test
    void whatIsNotAnEnvelopeReadsAsNull() {
        assertThat(Envelope.read("{\"type\":\"x\"}")).isNull();
        assertThat(Envelope.read("node|7|{}")).isNull();
        assertThat(Envelope.read("node|x:1|{}")).isNull();
        assertThat(Envelope.read("node|7:0|{}")).isNull();
        assertThat(Envelope.read("node|7:1")).isNull();
        assertThat(Envelope.read("")).isNull();
    }
}
