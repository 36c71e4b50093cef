package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Statuses, retries and their waits, the ready timeout, the heartbeat, and what each close code leads to. */
class ConnectingTest extends AgainstAFakeServer {

    @Test
    void aJoinIsReportedAsConnectingThenConnectedBeforeTheReady() {
        client = Clients.to(server, recorder).build();
        assertThat(client.status().state()).isEqualTo(DISCONNECTED);

        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.await(Recorder.Ready.class);

        assertThat(peer.resource).isEqualTo("/?threadId=t1&userId=u1&lastSeq=0");
        assertThat(peer.authorization).isNull();
        assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED);
        ConnectionStatus connecting = recorder.statuses().get(0);
        assertThat(connecting.url()).isEqualTo(server.url() + "/?threadId=t1&userId=u1&lastSeq=0");
        assertThat(connecting.attempt()).isZero();
        assertThat(client.status().state()).isEqualTo(CONNECTED);
        assertThat(recorder.all().get(1)).isInstanceOf(Recorder.Status.class);
        assertThat(recorder.all().get(2)).isInstanceOf(Recorder.Ready.class);
    }

    @Test
    void eachRetryWaitsItsBackoffAndTheCountStartsOverAfterAJoin() {
        client = Clients.to(server, recorder).build();
        client.connect();

        server.accept().serverError();
        server.accept().serverError();
        server.accept().serverError();
        Peer joined = server.accept();
        joined.ready(0);
        recorder.awaitStatus(CONNECTED);
        joined.serverError();
        server.accept();

        List<ConnectionStatus> waits = recorder.statuses().stream().filter(ConnectionStatus::retrying).toList();
        assertThat(waits).extracting(ConnectionStatus::retryIn).containsExactly(Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(10));
        assertThat(waits).extracting(ConnectionStatus::attempt).containsExactly(0, 1, 2, 0);
        assertThat(recorder.statuses()).filteredOn(s -> s.state() == CONNECTING)
                .extracting(ConnectionStatus::attempt).containsExactly(0, 1, 2, 3, 1);
        assertThat(recorder.states()).doesNotContain(ERROR);
    }

    @Test
    void byDefaultTheWaitsAreTheProtocolsTable() {
        Recorder low = new Recorder();
        Recorder high = new Recorder();
        try (ChatClient atZero = Clients.to(server, low).backoff(Backoff.RECONNECT).build();
                ChatClient atOne = Clients.to(server, high).backoff(Backoff.RECONNECT).random(Clients.ALMOST_ONE)
                        .build()) {
            atZero.connect();
            server.accept().serverError();
            atOne.connect();
            server.accept().serverError();

            assertThat(low.await(Recorder.Status.class, s -> s.status().retrying()).status().retryIn())
                    .isEqualTo(Duration.ofMillis(250));
            assertThat(high.await(Recorder.Status.class, s -> s.status().retrying()).status().retryIn())
                    .isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void anAttemptWithoutReadyWithinTheReadyTimeoutIsDroppedAndRetried() {
        client = Clients.to(server, recorder).readyTimeout(Duration.ofMillis(200)).build();
        client.connect();
        Peer silent = server.accept();

        ConnectionStatus dropped = recorder.awaitStatus(DISCONNECTED);
        Peer next = server.accept();
        next.ready(0);

        assertThat(dropped.reason()).isEqualTo("no ready from the server within 200 ms");
        assertThat(dropped.retryIn()).isEqualTo(Duration.ofMillis(10));
        assertThat(silent.awaitClosed()).isNotZero();
        assertThat(recorder.awaitStatus(CONNECTED).attempt()).isZero();
    }

    @Test
    void aJoinedConnectionPingsAndOneSilentAfterAPingIsDropped() {
        client = Clients.to(server, recorder).pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(300))
                .build();
        client.connect();
        Peer answering = server.accept();
        answering.ready(0);

        // A connection that answers stays.
        answering.next(ClientFrame.Ping.class);
        answering.send(new ServerFrame.Pong());
        answering.next(ClientFrame.Ping.class);
        answering.send(new ServerFrame.Pong());
        answering.next(ClientFrame.Ping.class);
        assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED);

        // This one stops answering: the next ping gets nothing back.
        ConnectionStatus dropped = recorder.awaitStatus(DISCONNECTED);
        server.accept().ready(0);
        recorder.awaitStatus(CONNECTED);

        assertThat(dropped.reason()).isEqualTo("no answer from the server within 300 ms of a ping");
        assertThat(dropped.closeCode()).isNull();
    }

    @Test
    void aConnectionThatEndsWithoutACloseIsRetried() {
        // The heartbeat catches the end if the JDK's WebSocket misses it (see FakeServer.Peer#drop).
        client = Clients.to(server, recorder).pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofMillis(300))
                .build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        peer.drop();
        ConnectionStatus lost = recorder.awaitStatus(DISCONNECTED);
        server.accept();

        assertThat(lost.closeCode()).isNull();
        assertThat(lost.retryIn()).isEqualTo(Duration.ofMillis(10));
        assertThat(lost.reason()).matches("connection lost: .*|no answer from the server within 300 ms of a ping");
    }

    @Test
    void goingAwayReadsAsARestartAndIsRetried() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        peer.close(1001, "server shutting down");
        ConnectionStatus away = recorder.awaitStatus(DISCONNECTED);
        server.accept().ready(0);

        assertThat(away.reason()).isEqualTo("server going away (1001): the server is restarting");
        assertThat(away.closeCode()).isEqualTo(1001);
        assertThat(away.retryIn()).isEqualTo(Duration.ofMillis(10));
        recorder.awaitStatus(CONNECTED);
    }

    @Test
    void aServerThatCannotBeReachedIsRetriedWithTheCauseAtHand() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        client = Clients.to(server, recorder).url("ws://127.0.0.1:" + port).build();
        client.connect();

        ConnectionStatus failed = recorder.awaitStatus(DISCONNECTED);

        assertThat(failed.retrying()).isTrue();
        assertThat(failed.cause()).isNotNull();
        assertThat(failed.closeCode()).isNull();
        assertThat(failed.reason()).isNotBlank();
        assertThat(recorder.awaitStatus(CONNECTING).attempt()).isEqualTo(1);
    }

    @Test
    void aThreadOfAnotherUserStopsTheClientWithTheServersWordsAfterOneAttempt() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();

        server.accept().refuse("forbidden", "This thread belongs to another user.", 4403);
        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.reason()).isEqualTo("the server refused the connection: forbidden (4403): forbidden: "
                + "This thread belongs to another user.");
        assertThat(stopped.closeCode()).isEqualTo(4403);
        assertThat(stopped.retryIn()).isNull();
        assertThat(recorder.await(Recorder.Stopped.class).status()).isEqualTo(stopped);
        assertThat(client.status()).isEqualTo(stopped);
        assertThat(recorder.states()).containsExactly(CONNECTING, ERROR);
        assertThat(server.connections()).hasSize(1);
        // The error frame before the close reached the app too.
        assertThat(recorder.frames()).singleElement().isInstanceOf(ServerFrame.ErrorFrame.class);
    }

    @Test
    void aDeletedThreadStopsTheClientForGoodSayingSoAndIsNotJoinedAgain() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        peer.refuse("thread_deleted", "This thread was deleted.", 4410);
        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.threadDeleted()).isTrue();
        assertThat(stopped.closeCode()).isEqualTo(4410);
        assertThat(stopped.reason()).isEqualTo("the thread was deleted (4410); a new connection would start a new, "
                + "empty thread");
        assertThat(stopped.retryIn()).isNull();
        assertThat(recorder.await(Recorder.Stopped.class).status()).isEqualTo(stopped);
        assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED, ERROR);
        assertThat(recorder.frames()).singleElement().isEqualTo(new ServerFrame.ErrorFrame("thread_deleted",
                "This thread was deleted.", null));
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void anInvalidRequestStopsTheClientToo() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();

        server.accept().refuse("invalid_request", "the userId parameter is given more than once", 4400);

        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);
        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.reason()).isEqualTo("the server refused the connection: invalid request (4400): "
                + "invalid_request: the userId parameter is given more than once");
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void withoutReconnectingTheFirstCloseStopsTheClient() throws Exception {
        client = Clients.to(server, recorder).reconnect(false).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.awaitStatus(CONNECTED);

        peer.close(1011, "oops");
        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(DISCONNECTED);
        assertThat(stopped.retryIn()).isNull();
        assertThat(stopped.closeCode()).isEqualTo(1011);
        assertThat(stopped.reason()).isEqualTo("server error (1011): oops");
        assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED, DISCONNECTED);
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void stopClosesNormallyAndConnectStartsAgainWhereItLeftOff() throws Exception {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        first.ready(1);
        first.userMessage(1, "m1", null);
        recorder.awaitFrame(ServerFrame.Message.class);

        ConnectionStatus stopped = client.stop().get(10, TimeUnit.SECONDS);
        assertThat(first.awaitClosed()).isEqualTo(1000);
        assertThat(stopped.state()).isEqualTo(DISCONNECTED);
        assertThat(stopped.reason()).isEqualTo("closed");
        assertThat(client.whenStopped()).isCompletedWithValue(stopped);

        client.connect();
        Peer again = server.accept();
        again.ready(1);

        assertThat(again.lastSeq()).isEqualTo(1);
        recorder.awaitStatus(CONNECTED);
        assertThat(client.whenStopped()).isNotDone();
    }
}
