package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgentChanges;
import dev.agentbuilder.chat.protocol.WireLimits;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests: sent when connected, kept and resent until acked, bounded, and what becomes of the unanswered. */
class OutboxBehaviourTest extends AgainstAFakeServer {

    @Test
    void aMessageSentBeforeTheJoinGoesAfterItWithAFreshUuid() {
        client = Clients.to(server, recorder).build();
        String id = client.send("hello");
        String preview = client.preview("who are you?");
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        ClientFrame.UserMessage sent = peer.next(ClientFrame.UserMessage.class);
        ClientFrame.UserMessage previewed = peer.next(ClientFrame.UserMessage.class);

        assertThat(sent).isEqualTo(new ClientFrame.UserMessage("hello", id, null));
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(previewed).isEqualTo(new ClientFrame.UserMessage("who are you?", preview, "preview"));
        assertThat(preview).isNotEqualTo(id);
    }

    @Test
    void afterEveryReadyWhatIsUnackedIsSentAgainInOrderWithTheSameIds() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        String message = client.send("hello");
        String change = client.updateAgent(0, new WireAgentChanges("Wanderlust", null, null, null, null));
        String revert = client.revertAgent(0);
        first.next(ClientFrame.UserMessage.class);
        first.next(ClientFrame.UpdateAgent.class);
        first.next(ClientFrame.RevertAgent.class);
        first.send(new ServerFrame.Ack(message, "m1", 1, false));
        recorder.awaitFrame(ServerFrame.Ack.class);

        first.serverError();
        Peer second = server.accept();
        second.ready(1);

        assertThat(second.next(ClientFrame.UpdateAgent.class))
                .isEqualTo(new ClientFrame.UpdateAgent(0, new WireAgentChanges("Wanderlust", null, null, null, null),
                        change));
        assertThat(second.next(ClientFrame.RevertAgent.class)).isEqualTo(new ClientFrame.RevertAgent(0, revert));
        second.send(new ServerFrame.Ack(change, null, 2, true));
        second.send(new ServerFrame.Ack(revert, null, 3, true));
        String after = client.send("and then");
        assertThat(second.next(ClientFrame.UserMessage.class).clientMessageId()).isEqualTo(after);
    }

    @Test
    void aStoredMessageCarryingItsIdTakesARequestOutOfTheOutboxEvenWithoutItsAck() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        String stored = client.send("hello");
        first.next(ClientFrame.UserMessage.class);
        first.userMessage(1, "m1", stored);
        recorder.awaitFrame(ServerFrame.Message.class);

        first.serverError();
        Peer second = server.accept();
        second.ready(1);
        String next = client.send("next");

        assertThat(second.next(ClientFrame.UserMessage.class).clientMessageId()).isEqualTo(next);
    }

    @Test
    void aFullOutboxRefusesTheNextRequestAtOnce() {
        client = Clients.to(server, recorder).outboxLimit(2).build();
        client.send("one");
        client.send("two");

        String third = client.send("three");

        assertThat(recorder.await(Recorder.Refused.class)).satisfies(refused -> {
            assertThat(refused.clientMessageId()).isEqualTo(third);
            assertThat(refused.code()).isEqualTo("outbox_full");
            assertThat(refused.message()).contains("2 requests");
        });
    }

    @Test
    void aMessageLongerThanTheLimitIsRefusedAtOnceCountingCodePoints() {
        client = Clients.to(server, recorder).maxMessageChars(5).build();
        String tooLong = client.send("abcdef");
        String fits = client.send("😀😀😀😀😀");
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        assertThat(recorder.await(Recorder.Refused.class))
                .isEqualTo(new Recorder.Refused(tooLong, "message_too_long",
                        "the message has 6 characters; at most 5 are sent"));
        assertThat(peer.next(ClientFrame.UserMessage.class).clientMessageId()).isEqualTo(fits);
    }

    @Test
    void afterAReadyWithLimitsAMessageIsCheckedAgainstTheServersLimit() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.send(new ServerFrame.Ready("t1", "u1", "c1", 0, FakeServer.EMPTY, "idle", false,
                new WireLimits(5, 80, 500, 8000, 8, 200)));
        assertThat(recorder.await(Recorder.Ready.class).ready().limits().messageChars()).isEqualTo(5);

        String tooLong = client.send("abcdef");
        String fits = client.send("😀😀😀😀😀");

        assertThat(recorder.await(Recorder.Refused.class))
                .isEqualTo(new Recorder.Refused(tooLong, "message_too_long",
                        "the message has 6 characters; at most 5 are sent"));
        assertThat(peer.next(ClientFrame.UserMessage.class).clientMessageId()).isEqualTo(fits);
    }

    @Test
    void aRequestTheServerRefusesIsReportedAndNotResent() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        String id = client.send("hello");
        peer.next(ClientFrame.UserMessage.class);

        peer.send(new ServerFrame.ErrorFrame("busy", "Too many messages wait.", id));

        assertThat(recorder.await(Recorder.Refused.class))
                .isEqualTo(new Recorder.Refused(id, "busy", "Too many messages wait."));
        client.whenSettled().get(10, TimeUnit.SECONDS);
    }

    @Test
    void afterTooBigTheLargestRequestSentIsGivenUpAndTheOthersResent() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        String small = client.send("small");
        String big = client.send("b".repeat(500));
        first.next(ClientFrame.UserMessage.class);
        first.next(ClientFrame.UserMessage.class);

        first.close(1009, "frame too big");
        Recorder.Refused refused = recorder.await(Recorder.Refused.class);
        ConnectionStatus closed = recorder.awaitStatus(DISCONNECTED);
        Peer second = server.accept();
        second.ready(0);

        assertThat(refused.clientMessageId()).isEqualTo(big);
        assertThat(refused.code()).isEqualTo("message_too_long");
        assertThat(closed.closeCode()).isEqualTo(1009);
        assertThat(closed.reason()).isEqualTo("message too big (1009): frame too big");
        assertThat(second.next(ClientFrame.UserMessage.class).clientMessageId()).isEqualTo(small);
    }

    @Test
    void settledOnceEveryMessageIsAckedAndAnswered() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        String id = client.send("hello");
        peer.next(ClientFrame.UserMessage.class);
        CompletableFuture<Void> settled = client.whenSettled();

        peer.send(new ServerFrame.Ack(id, "m1", 1, false));
        peer.userMessage(1, "m1", id);
        recorder.awaitFrame(ServerFrame.Message.class);
        assertThat(settled).isNotDone();
        peer.reply(2, "r1", "m1");

        settled.get(10, TimeUnit.SECONDS);
        assertThat(client.whenSettled().get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aMessageWhoseTurnFailedWhileAwayIsReportedUnansweredWhenTheJoinFindsTheThreadIdle() throws Exception {
        client = Clients.to(server, recorder).build();
        String id = storedThenDisconnected();
        Peer second = server.accept();

        second.ready(1, "idle", false);

        assertThat(recorder.await(Recorder.Unanswered.class).clientMessageId()).isEqualTo(id);
        client.whenSettled().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageStoredBeforeTheJoinIsReportedUnansweredWhenTheThreadGoesIdle() throws Exception {
        client = Clients.to(server, recorder).build();
        String id = storedThenDisconnected();
        Peer second = server.accept();

        second.ready(1, "thinking", false);
        second.status("idle");

        assertThat(recorder.await(Recorder.Unanswered.class).clientMessageId()).isEqualTo(id);
        client.whenSettled().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anInterruptedTurnThatResumesAfterTheJoinIsAwaitedNotReportedUnanswered() throws Exception {
        client = Clients.to(server, recorder).build();
        storedThenDisconnected();
        Peer second = server.accept();
        CompletableFuture<Void> settled = client.whenSettled();

        // A restarted server answers the turns it interrupted once the join is done, and says thinking in its ready.
        second.ready(1, "thinking", false);
        second.send(new ServerFrame.AssistantDelta("r1", "Here"));
        recorder.awaitFrame(ServerFrame.AssistantDelta.class);
        second.reply(2, "r1", "m1");
        second.status("idle");

        settled.get(10, TimeUnit.SECONDS);
        assertThat(recorder.events(Recorder.Unanswered.class)).isEmpty();
    }

    @Test
    void aReplyToALaterMessageEndsTheWaitOfAnEarlierOne() {
        client = Clients.to(server, recorder).build();
        String id = storedThenDisconnected();
        Peer second = server.accept();

        second.ready(1, "thinking", false);
        second.userMessage(2, "m2", null);
        second.reply(3, "r2", "m2");

        assertThat(recorder.await(Recorder.Unanswered.class).clientMessageId()).isEqualTo(id);
        assertThat(recorder.states()).containsSubsequence(CONNECTED, DISCONNECTED, CONNECTED);
    }

    /** A message stored (m1, seq 1) and acked, then the connection lost before its reply; returns its id. */
    private String storedThenDisconnected() {
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        String id = client.send("hello");
        first.next(ClientFrame.UserMessage.class);
        first.send(new ServerFrame.Ack(id, "m1", 1, false));
        first.userMessage(1, "m1", id);
        recorder.awaitFrame(ServerFrame.Message.class);
        first.serverError();
        return id;
    }

    @Test
    void requestsMadeTogetherKeepTheirOrder() {
        client = Clients.to(server, recorder).build();
        List<String> ids = List.of(client.send("1"), client.send("2"), client.send("3"));
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        assertThat(List.of(peer.next(ClientFrame.UserMessage.class).clientMessageId(),
                peer.next(ClientFrame.UserMessage.class).clientMessageId(),
                peer.next(ClientFrame.UserMessage.class).clientMessageId())).isEqualTo(ids);
    }
}
