package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireCitation;
import dev.agentbuilder.chat.protocol.WireFile;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Knowledge files' statuses, furthest first, and the citations of a preview reply, as the listener hears them. */
class KnowledgeFramesTest extends AgainstAFakeServer {

    private static final WireFile INDEXING = file("indexing", null);
    private static final WireFile READY = file("ready", null);

    @Test
    void aFileStatusFrameReachesOnFrameAndThenOnFileStatus() {
        Peer peer = joined();

        peer.send(new ServerFrame.FileStatus(READY));

        assertThat(recorder.awaitFrame(ServerFrame.FileStatus.class).file()).isEqualTo(READY);
        assertThat(recorder.await(Recorder.FileStatus.class).file()).isEqualTo(READY);
    }

    @Test
    void aStaleIndexingAfterReadyAndARepeatAreNotNews() {
        Peer peer = joined();
        peer.send(new ServerFrame.FileStatus(READY));
        recorder.await(Recorder.FileStatus.class);

        peer.send(new ServerFrame.FileStatus(INDEXING));
        peer.send(new ServerFrame.FileStatus(READY));
        // A replayed draft that still says indexing changes nothing either.
        peer.send(new ServerFrame.AgentUpdated(1, agent(1, INDEXING), "user"));
        peer.send(new ServerFrame.FileStatus(file("failed", "late")));
        recorder.awaitFrame(ServerFrame.AgentUpdated.class);
        recorder.await(Recorder.Frame.class, f -> f.frame() instanceof ServerFrame.FileStatus s
                && "failed".equals(s.file().status()));

        assertThat(recorder.all()).filteredOn(e -> e instanceof Recorder.FileStatus).hasSize(1);
    }

    @Test
    void aStatusMissedWhileAwayIsReportedAfterTheNextReady() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.send(new ServerFrame.Ready("t1", "u1", "c1", 1, agent(1, INDEXING), "idle", false));
        recorder.awaitStatus(CONNECTED);
        first.send(new ServerFrame.AgentUpdated(1, agent(1, INDEXING), "user"));
        recorder.awaitFrame(ServerFrame.AgentUpdated.class);
        first.serverError();
        recorder.awaitStatus(DISCONNECTED);

        Peer second = server.accept();
        second.send(new ServerFrame.Ready("t1", "u1", "c2", 1, agent(1, READY), "idle", false));

        recorder.await(Recorder.Ready.class);
        assertThat(recorder.await(Recorder.FileStatus.class).file()).isEqualTo(READY);
    }

    @Test
    void aFileFirstSeenInTheReadysAgentIsNoNewsOfItsOwn() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.send(new ServerFrame.Ready("t1", "u1", "c1", 0, agent(0, READY), "idle", false));
        recorder.await(Recorder.Ready.class);
        peer.status("idle");
        recorder.awaitFrame(ServerFrame.Status.class);

        assertThat(recorder.all()).noneMatch(e -> e instanceof Recorder.FileStatus);
    }

    @Test
    void aPreviewRepliesCitationsArriveOnItsFirstDeltaAndOnItsMessage() {
        Peer peer = joined();
        WireCitation citation = new WireCitation("f-1", "handbook.pdf", "Employees accrue 25 days", 4, 2210, 2790,
                0.71);

        peer.send(new ServerFrame.AssistantDelta("m2", "According to ", "preview", List.of(citation)));
        peer.send(new ServerFrame.Message(1, new WireMessage("m2", "assistant", "According to the handbook",
                "2026-01-01T00:00:00.000Z", null, null, "m1", null, null, "preview", List.of(citation))));

        assertThat(recorder.awaitFrame(ServerFrame.AssistantDelta.class).citations()).containsExactly(citation);
        assertThat(recorder.awaitFrame(ServerFrame.Message.class).message().citations()).containsExactly(citation);
    }

    @Test
    void aPreviewWithAChosenIdGoesToTheAgentWithThatId() {
        Peer peer = joined();

        String id = client.preview("How many days of leave?", "q-1");

        assertThat(id).isEqualTo("q-1");
        assertThat(peer.next(ClientFrame.UserMessage.class)).isEqualTo(
                new ClientFrame.UserMessage("How many days of leave?", "q-1", ClientFrame.UserMessage.PREVIEW));
    }

    private Peer joined() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);
        return peer;
    }

    private static WireFile file(String status, String error) {
        return new WireFile("f-1", "handbook.pdf", 48213, "application/pdf", status, error);
    }

    private static WireAgent agent(long version, WireFile file) {
        return new WireAgent("Helper", "", "", List.of(), List.of("file_search"), version, List.of(file));
    }
}
