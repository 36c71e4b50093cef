package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.WireMessage;
import org.junit.jupiter.api.Test;

class CancelIntentTest {

    private final CancelIntent intent = new CancelIntent();

    @Test
    void aCancelMeansTheOldestMessageWithoutAReply() {
        intent.stored(1, user("m1"));
        intent.stored(2, reply("m1"));
        intent.stored(3, user("m2"));
        intent.stored(4, user("m3"));

        intent.request();

        assertThat(intent.shouldSendAgain()).isTrue();
        intent.stored(5, reply("m3"));
        assertThat(intent.shouldSendAgain()).as("m3 answered: m2's turn is over too").isFalse();
    }

    @Test
    void theIntentEndsWithTheReplyToItsMessage() {
        intent.stored(1, user("m1"));
        intent.request();

        intent.stored(2, reply("m1"));

        assertThat(intent.shouldSendAgain()).isFalse();
    }

    @Test
    void theIntentEndsWhenTheThreadGoesIdle() {
        intent.stored(1, user("m1"));
        intent.request();

        intent.idle();

        assertThat(intent.shouldSendAgain()).isFalse();
        assertThat(intent.seqOf("m1")).isNull();
    }

    @Test
    void withNothingWaitingThereIsNoTurnToCancelAgain() {
        intent.request();

        assertThat(intent.shouldSendAgain()).isFalse();
    }

    @Test
    void aReplyToAMessageNotDeliveredHereChangesNothing() {
        intent.stored(3, user("m3"));
        intent.request();

        intent.stored(4, reply("m0"));

        assertThat(intent.shouldSendAgain()).isTrue();
        assertThat(intent.seqOf("m3")).isEqualTo(3);
    }

    private static WireMessage user(String id) {
        return new WireMessage(id, "user", "hi", "2026-01-01T00:00:00Z", "u1", null, null, null, null);
    }

    private static WireMessage reply(String replyTo) {
        return new WireMessage("r-" + replyTo, "assistant", "hello", "2026-01-01T00:00:00Z", null, null, replyTo,
                null, null);
    }
}
