package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The public surface: programming errors, tokens, listeners, frames the codec cannot read, closing. */
class ClientApiTest extends AgainstAFakeServer {

    @Test
    void programmingErrorsFailAtOnceNamingTheValue() {
        client = Clients.to(server, recorder).build();

        assertThatThrownBy(() -> client.send("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a message must not be blank: \"  \"");
        assertThatThrownBy(() -> client.preview(null)).hasMessage("a message must not be blank: null");
        assertThatThrownBy(() -> client.send("hi", "")).hasMessageContaining("1 to 128 characters");
        assertThatThrownBy(() -> client.updateAgent(-1, null)).hasMessage("baseVersion must be >= 0: -1");
        assertThatThrownBy(() -> client.revertAgent(-2)).hasMessage("version must be >= 0: -2");
        assertThatThrownBy(() -> client.exportAgent("yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the export format must be one of json, openai, markdown: yaml");
    }

    @Test
    void theBuilderNamesWhatIsMissingOrWrongAndNeverShowsAToken() {
        assertThatThrownBy(() -> ChatClient.builder().threadId("t1").userId("u1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a url is required");
        assertThatThrownBy(() -> ChatClient.builder().url("http://h/?token=s3cret").threadId("t1").userId("u1")
                .build()).hasMessageContaining("ws:// or wss://").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> ChatClient.builder().url("ws://h").threadId("t 1").userId("u1").build())
                .hasMessageContaining("threadId");
        assertThatThrownBy(() -> ChatClient.builder().token("not a token\r\n")).hasMessageContaining("bearer token")
                .hasMessageNotContaining("not a token");
        assertThatThrownBy(() -> ChatClient.builder().url("ws://h").threadId("t1").userId("u1")
                .readyTimeout(Duration.ZERO).build()).hasMessage("readyTimeout must be positive: PT0S");
        assertThatThrownBy(() -> ChatClient.builder().url("ws://h").threadId("t1").userId("u1").lastSeq(-1)
                .build()).hasMessage("lastSeq must be >= 0: -1");
    }

    @Test
    void theTokenSourceIsAskedBeforeEveryAttemptAndItsTokenSentAsABearerHeader() {
        AtomicInteger asked = new AtomicInteger();
        client = Clients.to(server, recorder).tokens(() -> "token-" + asked.incrementAndGet()).build();
        client.connect();

        Peer first = server.accept();
        first.serverError();
        Peer second = server.accept();

        assertThat(first.authorization).isEqualTo("Bearer token-1");
        assertThat(second.authorization).isEqualTo("Bearer token-2");
        assertThat(first.resource + second.resource).doesNotContain("token-");
    }

    @Test
    void unauthorizedAsksTheTokenSourceAgainAndRetriesWithTheNewToken() {
        List<String> tokens = new CopyOnWriteArrayList<>(List.of("expired", "fresh"));
        AtomicInteger asked = new AtomicInteger();
        client = Clients.to(server, recorder).tokens(() -> tokens.get(Math.min(asked.getAndIncrement(), 1)))
                .build();
        client.connect();

        server.accept().refuse("unauthorized", "The token has expired.", 4401);
        ConnectionStatus refused = recorder.await(Recorder.Status.class, s -> s.status().retrying()).status();
        Peer second = server.accept();
        second.ready(0);
        recorder.awaitStatus(CONNECTED);

        assertThat(refused.closeCode()).isEqualTo(4401);
        assertThat(refused.reason()).isEqualTo("unauthorized (4401): unauthorized: The token has expired.");
        assertThat(second.authorization).isEqualTo("Bearer fresh");
        assertThat(asked).hasValue(2);
    }

    @Test
    void unauthorizedWithTheSameTokenAgainStopsWithErrorAfterOneAttempt() throws Exception {
        client = Clients.to(server, recorder).token("expired").build();
        client.connect();

        server.accept().refuse("unauthorized", "The token has expired.", 4401);
        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.reason()).isEqualTo("the server refused the connection: unauthorized (4401): "
                + "unauthorized: The token has expired.");
        assertThat(server.connections()).hasSize(1);
        assertThat(stopped.toString()).doesNotContain("Bearer");
    }

    @Test
    void aTokenSourceThatGivesSomethingNoHeaderCanCarryStopsTheClient() throws Exception {
        client = Clients.to(server, recorder).tokens(() -> "two words").build();
        client.connect();

        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.reason()).contains("not a bearer token").doesNotContain("two words");
        assertThat(server.connections()).isEmpty();
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheClientNorTheListenersAfterIt() {
        ChatClientListener throwing = new ChatClientListener() {
            @Override
            public void onFrame(ServerFrame frame) {
                throw new IllegalStateException("a bug in the app");
            }
        };
        client = Clients.to(server, new Recorder()).listener(throwing).listener(recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        peer.userMessage(1, "m1", null);
        peer.reply(2, "r1", "m1");
        recorder.await(Recorder.Frame.class, f -> f.frame() instanceof ServerFrame.Message m && m.seq() == 2);

        assertThat(recorder.storedSeqs()).containsExactly(1L, 2L);
    }

    @Test
    void framesTheCodecCannotReadAreSkippedAndReportedAndUnknownOnesIgnored() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        peer.send("{not json");
        peer.send("{\"type\":\"a_frame_of_protocol_v2\",\"seq\":7}");
        peer.send("{\"type\":\"status\",\"state\":\"idle\",\"aFieldOfProtocolV2\":true}");
        recorder.awaitFrame(ServerFrame.Status.class);

        assertThat(recorder.events(Recorder.Undecodable.class)).singleElement()
                .satisfies(u -> assertThat(u.text()).isEqualTo("{not json"));
        assertThat(recorder.frames()).containsExactly(new ServerFrame.Status("idle"));
        assertThat(client.status().state()).isEqualTo(CONNECTED);
    }

    @Test
    void listenersAreCalledOnTheClientsOwnNamedThread() throws InterruptedException {
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        client = Clients.to(server, recorder).listener(new ChatClientListener() {
            @Override
            public void onStatus(ConnectionStatus status) {
                threads.add(Thread.currentThread().getName());
            }
        }).build();
        client.connect();
        server.accept().ready(0);

        assertThat(threads.poll(10, TimeUnit.SECONDS)).matches("chat-client-\\d+");
        assertThat(threads.poll(10, TimeUnit.SECONDS)).matches("chat-client-\\d+");
    }

    @Test
    void aClosedClientClosesItsConnectionAndRefusesNewWork() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        client.close();

        assertThat(peer.awaitClosed()).isEqualTo(1000);
        assertThat(recorder.await(Recorder.Stopped.class).status().reason()).isEqualTo("closed");
        assertThatThrownBy(() -> client.send("too late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the client is closed");
        client.close();
    }

    @Test
    void aPingFromTheHeartbeatIsAnsweredLikeAnyOtherFrame() {
        client = Clients.to(server, recorder).pingInterval(Duration.ofMillis(50)).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);

        peer.next(ClientFrame.Ping.class);
        peer.send(new ServerFrame.Pong());

        assertThat(recorder.awaitFrame(ServerFrame.Pong.class)).isEqualTo(new ServerFrame.Pong());
    }
}
