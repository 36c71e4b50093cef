package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final Outbox outbox = new Outbox(100);

    @Test
    void aMessageIsSettledOnceAckedAndAnswered() {
        outbox.add("c1", "hello", true);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("c1", "m1", 1, false));
        assertThat(outbox.unacked()).isEmpty();
        assertThat(settled).isNotDone();

        outbox.track(reply("m1"));
        assertThat(settled).isCompleted();
    }

    @Test
    void unackedRequestsStayInTheOrderMade() {
        outbox.add("c1", "first", true);
        outbox.add("c2", "second", false);
        outbox.add("c3", "third", true);

        outbox.track(new ServerFrame.Ack("c2", null, 2, false));

        assertThat(outbox.unacked()).containsExactly(Map.entry("c1", "first"), Map.entry("c3", "third"));
    }

    @Test
    void aStoredMessageCarryingTheClientMessageIdTakesItOutWithoutItsAck() {
        outbox.add("c1", "hello", true);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(user(1, "m1", "c1"));
        assertThat(outbox.unacked()).isEmpty();
        assertThat(settled).isNotDone();

        outbox.track(reply("m1"));
        assertThat(settled).isCompleted();
    }

    @Test
    void aDuplicateAckForAnAnsweredMessageSettlesAtOnce() {
        outbox.add("c1", "hello", true);
        outbox.track(reply("m1"));
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("c1", "m1", 1, true));

        assertThat(settled).isCompleted();
    }

    @Test
    void aChangeToTheDraftIsSettledByItsAckAlone() {
        outbox.add("e1", "{\"type\":\"update_agent\"}", false);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("e1", null, 4, false));

        assertThat(outbox.unacked()).isEmpty();
        assertThat(settled).isCompleted();
    }

    @Test
    void aRefusedRequestIsReportedAndNotKeptForResending() {
        outbox.add("c1", "hello", true);

        assertThat(outbox.track(new ServerFrame.ErrorFrame("busy", "still working", "c1")))
                .containsExactly(new Outbox.Refusal("c1", "busy", "still working"));
        assertThat(outbox.unacked()).isEmpty();
        assertThat(outbox.track(new ServerFrame.ErrorFrame("busy", "again", "c1"))).isEmpty();
    }

    @Test
    void afterTooBigTheLargestRequestSentOnThatConnectionIsDropped() {
        outbox.add("small", "x", true);
        outbox.add("big", "x".repeat(100), true);
        outbox.add("unsent", "x".repeat(1_000), true);
        outbox.sent("small");
        outbox.sent("big");

        assertThat(outbox.dropLargestSent()).isEqualTo(new Outbox.Refusal("big", "message_too_long",
                "the server found the message too big; it is not sent again"));
        assertThat(outbox.unacked()).containsOnlyKeys("small", "unsent");
        outbox.newConnection();
        assertThat(outbox.dropLargestSent()).isNull();
    }

    @Test
    void itHoldsAsManyUnackedRequestsAsItsLimit() {
        Outbox two = new Outbox(2);
        two.add("c1", "a", true);
        assertThat(two.isFull()).isFalse();
        two.add("c2", "b", true);
        assertThat(two.isFull()).isTrue();
        two.track(new ServerFrame.Ack("c1", "m1", 1, false));
        assertThat(two.isFull()).isFalse();
        assertThatThrownBy(() -> new Outbox(0)).hasMessageContaining("0");
    }

    @Test
    void aMessageStoredBeforeAJoinAndUnansweredIsGivenUpWhenJudged() {
        outbox.add("c1", "hello", true);
        outbox.track(new ServerFrame.Ack("c1", "m1", 1, false));
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.joined();
        outbox.add("c2", "after the join", true);
        outbox.track(new ServerFrame.Ack("c2", "m2", 2, false));

        assertThat(outbox.giveUpFromBeforeJoin()).containsExactly("c1");
        assertThat(outbox.giveUpFromBeforeJoin()).as("given up once").isEmpty();
        assertThat(settled).isNotDone();
        outbox.track(reply("m2"));
        assertThat(settled).isCompleted();
    }

    @Test
    void aReplyToALaterMessageGivesUpTheEarlierOnes() {
        outbox.add("c1", "first", true);
        outbox.add("c2", "second", true);
        outbox.track(new ServerFrame.Ack("c1", "m1", 3, false));
        outbox.track(new ServerFrame.Ack("c2", "m2", 5, false));

        assertThat(outbox.giveUpStoredBefore(5)).containsExactly("c1");
        assertThat(outbox.giveUpStoredBefore(5)).isEmpty();
    }

    @Test
    void closingFailsWhoeverWaitsForSettlement() {
        outbox.add("c1", "hello", true);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.abandonWaiters(new IllegalStateException("the client was closed"));

        assertThat(settled).isCompletedExceptionally();
    }

    private static ServerFrame.Message user(long seq, String id, String clientMessageId) {
        return new ServerFrame.Message(seq, new WireMessage(id, "user", "hello", "2026-01-01T00:00:00Z", "u1",
                clientMessageId, null, null, null));
    }

    private static ServerFrame.Message reply(String replyTo) {
        return new ServerFrame.Message(2, new WireMessage("r-" + replyTo, "assistant", "answer",
                "2026-01-01T00:00:00Z", null, null, replyTo, null, null));
    }
}
