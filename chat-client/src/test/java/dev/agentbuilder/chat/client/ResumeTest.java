package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** lastSeq: where a connection resumes, stored events once each and in order, gaps, and a server that restarted. */
class ResumeTest extends AgainstAFakeServer {

    @Test
    void aReconnectResumesAfterTheLastStoredEventDelivered() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        first.userMessage(1, "m1", null);
        first.agentUpdated(2, 1);
        first.reply(3, "r1", "m1");
        first.send(new ServerFrame.Status("idle"));
        recorder.awaitFrame(ServerFrame.Status.class);

        first.serverError();
        Peer second = server.accept();

        assertThat(second.lastSeq()).isEqualTo(3);
        assertThat(client.lastSeq()).isEqualTo(3);
        assertThat(recorder.storedSeqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theFirstConnectionResumesAfterTheLastSeqItWasBuiltWith() {
        client = Clients.to(server, recorder).lastSeq(41).build();
        client.connect();

        Peer peer = server.accept();

        assertThat(peer.lastSeq()).isEqualTo(41);
        assertThat(client.lastSeq()).isEqualTo(41);
    }

    @Test
    void aStoredEventThatComesAgainIsDroppedSilently() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        peer.userMessage(1, "m1", null);
        peer.userMessage(1, "m1", null);
        peer.agentUpdated(1, 1);
        peer.reply(2, "r1", "m1");
        peer.send(new ServerFrame.Status("idle"));
        recorder.awaitFrame(ServerFrame.Status.class);

        assertThat(recorder.storedSeqs()).containsExactly(1L, 2L);
        assertThat(recorder.states()).doesNotContain(DISCONNECTED);
    }

    @Test
    void aGapIsNotDeliveredTheConnectionIsDroppedAndTheNextFillsItAtOnce() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(0);
        first.userMessage(1, "m1", null);
        first.reply(3, "r1", "m1");

        ConnectionStatus gap = recorder.awaitStatus(DISCONNECTED);
        Peer second = server.accept();
        second.ready(3);
        second.agentUpdated(2, 1);
        second.reply(3, "r1", "m1");
        recorder.await(Recorder.Frame.class, f -> f.frame() instanceof ServerFrame.Message m && m.seq() == 3);

        assertThat(gap.reason()).isEqualTo("events 2 to 2 did not arrive; resuming after 1");
        assertThat(gap.retryIn()).isEqualTo(Duration.ZERO);
        assertThat(second.lastSeq()).isEqualTo(1);
        assertThat(first.awaitClosed()).isNotZero();
        assertThat(recorder.storedSeqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aServerThatRestartedFromLessIsForgottenAndReplayedFromTheStart() {
        client = Clients.to(server, recorder).lastSeq(5).build();
        client.connect();
        Peer peer = server.accept();

        peer.ready(2, "idle", true);
        peer.userMessage(1, "m1", null);
        peer.reply(2, "r1", "m1");
        recorder.await(Recorder.Frame.class, f -> f.frame() instanceof ServerFrame.Message m && m.seq() == 2);

        assertThat(peer.lastSeq()).isEqualTo(5);
        assertThat(recorder.all()).extracting(e -> e.getClass().getSimpleName())
                .containsSubsequence("Status", "Status", "Reset", "Ready", "Frame", "Frame");
        assertThat(recorder.storedSeqs()).containsExactly(1L, 2L);
        assertThat(client.lastSeq()).isEqualTo(2);
        assertThat(client.status().state()).isEqualTo(CONNECTED);
    }

    @Test
    void liveFramesArriveAsReceivedAfterTheReady() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        peer.send(new ServerFrame.Status("thinking"));
        peer.send(new ServerFrame.AssistantDelta("r1", "Hel"));
        peer.send(new ServerFrame.AssistantDelta("r1", "lo"));
        peer.send(new ServerFrame.Status("idle"));
        recorder.await(Recorder.Frame.class, f -> f.frame().equals(new ServerFrame.Status("idle")));

        assertThat(recorder.frames()).containsExactly(new ServerFrame.Status("thinking"),
                new ServerFrame.AssistantDelta("r1", "Hel"), new ServerFrame.AssistantDelta("r1", "lo"),
                new ServerFrame.Status("idle"));
    }
}
