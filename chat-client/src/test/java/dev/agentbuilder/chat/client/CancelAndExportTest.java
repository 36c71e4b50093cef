package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cancel that survives a reconnect, and exports answered on their connection. */
class CancelAndExportTest extends AgainstAFakeServer {

    @Test
    void aCancelWhileConnectedIsSentAtOnce() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        client.cancel();

        peer.next(ClientFrame.Cancel.class);
    }

    @Test
    void aCancelSurvivesAReconnectAndGoesAgainWhenTheThreadStillThinksOnThatTurn() {
        client = Clients.to(server, recorder).build();
        Peer first = thinkingOnM1();
        client.cancel();
        first.next(ClientFrame.Cancel.class);

        first.serverError();
        Peer second = server.accept();
        second.ready(1, "thinking", false);

        second.next(ClientFrame.Cancel.class);
    }

    @Test
    void aCancelMadeWhileDisconnectedGoesOnceConnectedAndCaughtUp() {
        client = Clients.to(server, recorder).build();
        Peer first = thinkingOnM1();
        first.serverError();
        recorder.awaitStatus(DISCONNECTED);

        client.cancel();
        Peer second = server.accept();
        second.ready(2, "thinking", false);
        second.agentUpdated(2, 1);

        second.next(ClientFrame.Cancel.class);
    }

    @Test
    void aCancelMadeWhileDisconnectedGoesWhenTheTurnStartsAfterTheJoin() {
        client = Clients.to(server, recorder).build();
        Peer first = thinkingOnM1();
        first.serverError();
        recorder.awaitStatus(DISCONNECTED);

        client.cancel();
        Peer second = server.accept();
        // A restarted server answers interrupted turns after the join: idle first, thinking right after.
        second.ready(1, "idle", false);
        second.status("thinking");

        second.next(ClientFrame.Cancel.class);
    }

    @Test
    void aCancelWhoseTurnEndedMeanwhileIsNotSentAgain() {
        client = Clients.to(server, recorder).build();
        Peer first = thinkingOnM1();
        first.serverError();
        recorder.awaitStatus(DISCONNECTED);

        client.cancel();
        Peer second = server.accept();
        second.ready(3, "thinking", false);
        second.reply(2, "r1", "m1");
        second.userMessage(3, "m2", null);
        recorder.await(Recorder.Frame.class, f -> f.frame() instanceof ServerFrame.Message m && m.seq() == 3);
        String next = client.send("next");

        assertThat(second.next()).isEqualTo(new ClientFrame.UserMessage("next", next, null));
    }

    @Test
    void anExportIsAnsweredByTheNextAgentExport() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        CompletableFuture<ServerFrame.AgentExport> markdown = client.exportAgent("markdown");
        CompletableFuture<ServerFrame.AgentExport> json = client.exportAgent("json");
        assertThat(peer.next(ClientFrame.ExportAgent.class).format()).isEqualTo("markdown");
        assertThat(peer.next(ClientFrame.ExportAgent.class).format()).isEqualTo("json");
        peer.send(new ServerFrame.AgentExport("markdown", "# Wanderlust", 3));
        peer.send(new ServerFrame.AgentExport("json", "{}", 3));

        assertThat(markdown.get(10, TimeUnit.SECONDS)).isEqualTo(new ServerFrame.AgentExport("markdown",
                "# Wanderlust", 3));
        assertThat(json.get(10, TimeUnit.SECONDS).content()).isEqualTo("{}");
    }

    @Test
    void anExportFailsAtOnceWhenNotConnected() {
        client = Clients.to(server, recorder).build();

        CompletableFuture<ServerFrame.AgentExport> export = client.exportAgent("json");

        assertThatThrownBy(() -> export.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageStartingWith("not connected");
    }

    @Test
    void anExportFailsWhenItsConnectionDropsBeforeTheAnswer() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);
        CompletableFuture<ServerFrame.AgentExport> export = client.exportAgent("openai");
        peer.next(ClientFrame.ExportAgent.class);

        peer.serverError();

        assertThatThrownBy(() -> export.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("the connection dropped before the answer");
    }

    /** Connected, with m1 (seq 1) stored and the thread thinking on it. */
    private Peer thinkingOnM1() {
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        peer.userMessage(1, "m1", null);
        peer.status("thinking");
        recorder.awaitFrame(ServerFrame.Status.class);
        return peer;
    }
}
