package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private final Outbox outbox = new Outbox();

    @Test
    void aMessageIsSettledOnceAckedAndAnswered() {
        outbox.add("c1", "hello");
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("c1", "m1", 1, false));
        assertThat(outbox.unacked()).isEmpty();
        assertThat(settled).isNotDone();

        outbox.track(reply("m1"));
        assertThat(settled).isCompleted();
    }

    @Test
    void unackedMessagesStayInTheOrderTyped() {
        outbox.add("c1", "first");
        outbox.add("c2", "second");
        outbox.add("c3", "third");

        outbox.track(new ServerFrame.Ack("c2", "m2", 2, false));

        assertThat(outbox.unacked()).containsExactly(
                Map.entry("c1", "first"), Map.entry("c3", "third"));
    }

    @Test
    void aDuplicateAckForAnAnsweredMessageSettlesAtOnce() {
        outbox.add("c1", "hello");
        outbox.track(reply("m1"));
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("c1", "m1", 1, true));

        assertThat(settled).isCompleted();
    }

    @Test
    void aChangeToTheDraftIsSettledByItsAckAlone() {
        outbox.add("e1", "{\"type\":\"update_agent\"}");
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.track(new ServerFrame.Ack("e1", null, 4, false));

        assertThat(outbox.unacked()).isEmpty();
        assertThat(settled).isCompleted();
    }

    @Test
    void aRefusedMessageIsNotKeptForResending() {
        outbox.add("c1", "hello");

        outbox.track(new ServerFrame.ErrorFrame("busy", "still working", "c1"));

        assertThat(outbox.unacked()).isEmpty();
    }

    @Test
    void afterTooBigTheLargestMessageSentOnThatConnectionIsDropped() {
        outbox.add("small", "x");
        outbox.add("big", "x".repeat(100));
        outbox.add("unsent", "x".repeat(1_000));
        outbox.sent("small");
        outbox.sent("big");

        assertThat(outbox.dropLargestSent()).isEqualTo("big");
        assertThat(outbox.unacked()).containsOnlyKeys("small", "unsent");
    }

    private static ServerFrame.Message reply(String replyTo) {
        return new ServerFrame.Message(2, new WireMessage("r-" + replyTo, "assistant", "answer",
                "2026-01-01T00:00:00Z", null, null, replyTo, null, null));
    }

    @Test
    void aMessageAckedBeforeAJoinAndUnansweredOnceTheThreadIsIdleIsGivenUp() {
        outbox.add("c1", "hello");
        outbox.track(new ServerFrame.Ack("c1", "m1", 1, false));
        CompletableFuture<Void> settled = new CompletableFuture<>();
        outbox.whenSettled(settled);

        outbox.joined();
        outbox.add("c2", "after the join");
        outbox.track(new ServerFrame.Ack("c2", "m2", 2, false));

        assertThat(outbox.giveUpUnanswered()).containsExactly("c1");
        assertThat(settled).isNotDone();
        outbox.track(reply("m2"));
        assertThat(settled).isCompleted();
    }
}
