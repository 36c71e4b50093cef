package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The list client against the scripted server: joining a user connection, matching answers, reconnecting. */
@Timeout(30)
class ThreadListClientTest {

    private static final WireThread TRIP = thread("trip", "Trip planner");

    private final FakeServer server = FakeServer.start();
    private final ListRecorder recorder = new ListRecorder();
    private ThreadListClient client;

    @AfterEach
    void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private ThreadListClientBuilder builder() {
        return ThreadListClient.builder().url(server.url()).userId("u1").backoff(Clients.FAST).random(Clients.ZERO)
                .pingInterval(Duration.ZERO).listener(recorder);
    }

    private Peer connected() {
        client = builder().build();
        client.connect();
        Peer peer = server.accept();
        peer.pong();
        recorder.awaitStatus(CONNECTED);
        return peer;
    }

    @Test
    void aUserConnectionNamesOnlyTheUserAndJoinsWhenItsFirstPingIsAnswered() {
        client = builder().build();
        client.connect();
        Peer peer = server.accept();

        assertThat(peer.resource).isEqualTo("/?userId=u1");
        peer.pong();

        ConnectionStatus connected = recorder.awaitStatus(CONNECTED);
        assertThat(connected.reason()).isEqualTo("connected as u1");
        assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED);
    }

    @Test
    void requestsAskedBeforeTheJoinWaitAndGoOutInOrderOnceJoined() throws Exception {
        client = builder().build();
        CompletableFuture<ServerFrame.Threads> page = client.list(null, null, 20);
        CompletableFuture<WireThread> renamed = client.rename("trip", "Trips with Mum");
        client.connect();
        Peer peer = server.accept();
        peer.pong();

        ClientFrame.ListThreads list = peer.next(ClientFrame.ListThreads.class);
        ClientFrame.RenameThread rename = peer.next(ClientFrame.RenameThread.class);
        assertThat(list).isEqualTo(new ClientFrame.ListThreads(null, null, 20, null));
        assertThat(rename.threadId()).isEqualTo("trip");
        assertThat(rename.title()).isEqualTo("Trips with Mum");
        assertThat(rename.clientMessageId()).isNotBlank();

        WireThread retitled = thread("trip", "Trips with Mum");
        peer.send(new ServerFrame.ThreadRenamed(retitled, rename.clientMessageId()));
        peer.send(new ServerFrame.Threads(List.of(TRIP), "next-1", null));

        assertThat(renamed.get(10, TimeUnit.SECONDS)).isEqualTo(retitled);
        assertThat(page.get(10, TimeUnit.SECONDS)).isEqualTo(new ServerFrame.Threads(List.of(TRIP), "next-1", null));
    }

    @Test
    void aPageIsMatchedToTheListWhoseSearchItEchoes() throws Exception {
        Peer peer = connected();
        CompletableFuture<ServerFrame.Threads> all = client.list(null, null, 20);
        CompletableFuture<ServerFrame.Threads> trips = client.list("  trip ", null, 5);
        peer.next(ClientFrame.ListThreads.class);
        assertThat(peer.next(ClientFrame.ListThreads.class).query()).isEqualTo("  trip ");

        ServerFrame.Threads tripPage = new ServerFrame.Threads(List.of(TRIP), null, "trip");
        peer.send(tripPage);

        assertThat(trips.get(10, TimeUnit.SECONDS)).isEqualTo(tripPage);
        assertThat(all).isNotDone();
    }

    @Test
    void anErrorNamingARequestFailsItsFutureWithTheServersCode() {
        Peer peer = connected();
        CompletableFuture<WireThread> renamed = client.rename("nope", "Title");
        String id = peer.next(ClientFrame.RenameThread.class).clientMessageId();

        peer.send(new ServerFrame.ErrorFrame("not_found", "You have no thread nope.", id));

        assertThatThrownBy(() -> renamed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RequestFailedException.class).hasMessage("You have no thread nope.")
                .satisfies(e -> {
                    assertThat(((RequestFailedException) e).code()).isEqualTo("not_found");
                    assertThat(((RequestFailedException) e).retriable()).isFalse();
                });
    }

    @Test
    void anErrorWithoutAnIdIsTheAnswerToTheOldestListSent() throws Exception {
        Peer peer = connected();
        CompletableFuture<Void> deleted = client.delete("trip");
        CompletableFuture<ServerFrame.Threads> page = client.list(null, "not-a-cursor", 20);
        String deleteId = peer.next(ClientFrame.DeleteThread.class).clientMessageId();
        peer.next(ClientFrame.ListThreads.class);

        peer.send(new ServerFrame.ErrorFrame("invalid_message", "The cursor is not valid.", null));
        peer.send(new ServerFrame.ThreadDeleted("trip", deleteId));

        assertThatThrownBy(() -> page.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(RequestFailedException.class)
                .hasMessage("The cursor is not valid.");
        assertThat(deleted.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aRequestTheLostConnectionOwedIsSentAgainOnTheNextOne() throws Exception {
        Peer first = connected();
        CompletableFuture<Void> deleted = client.delete("trip");
        String id = first.next(ClientFrame.DeleteThread.class).clientMessageId();

        first.serverError();
        Peer second = server.accept();
        second.pong();

        assertThat(second.next(ClientFrame.DeleteThread.class)).isEqualTo(new ClientFrame.DeleteThread("trip", id));
        second.send(new ServerFrame.ThreadDeleted("trip", id));
        assertThat(deleted.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void changesToTheWatchedListArriveAndAfterAReconnectTheClientListsAgainForTheListener() throws Exception {
        Peer first = connected();
        CompletableFuture<ServerFrame.Threads> page = client.list("trip", null, 5);
        assertThat(first.next(ClientFrame.ListThreads.class).watching()).isTrue();
        first.send(new ServerFrame.Threads(List.of(), null, "trip"));
        page.get(10, TimeUnit.SECONDS);
        ServerFrame.ThreadChanged created = new ServerFrame.ThreadChanged("created", "trip", TRIP);
        first.send(created);
        assertThat(recorder.awaitChange("trip", "created", ListRecorder.TIMEOUT)).isEqualTo(created);

        first.serverError();
        Peer second = server.accept();
        second.pong();

        assertThat(second.next(ClientFrame.ListThreads.class)).isEqualTo(new ClientFrame.ListThreads("trip", null, 5,
                null));
        ServerFrame.Threads again = new ServerFrame.Threads(List.of(TRIP), null, "trip");
        second.send(again);
        assertThat(recorder.await(ListRecorder.Relisted.class).page()).isEqualTo(again);
    }

    @Test
    void aClientBuiltNotToWatchSaysSoOnEveryFirstPage() {
        client = builder().watch(false).build();
        client.connect();
        Peer peer = server.accept();
        peer.pong();

        client.list(null, null, 20);
        client.list(null, "c-2", 20);

        assertThat(peer.next(ClientFrame.ListThreads.class).watch()).isFalse();
        assertThat(peer.next(ClientFrame.ListThreads.class).watch()).isNull();
    }

    @Test
    void aRefusedUserConnectionNeverSaysConnectedAndItsWaitingRequestsFail() throws Exception {
        client = builder().build();
        CompletableFuture<ServerFrame.Threads> page = client.list(null, null, 20);
        client.connect();
        Peer peer = server.accept();
        peer.next(ClientFrame.Ping.class);

        peer.refuse("unauthorized", "The token has expired.", 4401);
        ConnectionStatus stopped = client.whenStopped().get(10, TimeUnit.SECONDS);

        assertThat(stopped.state()).isEqualTo(ERROR);
        assertThat(stopped.reason()).isEqualTo("the server refused the connection: unauthorized (4401): "
                + "unauthorized: The token has expired.");
        assertThat(recorder.states()).containsExactly(CONNECTING, ERROR);
        assertThatThrownBy(() -> page.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(RequestFailedException.class)
                .satisfies(e -> assertThat(((RequestFailedException) e).code()).isEqualTo("stopped"))
                .hasMessageContaining("unauthorized (4401)");
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void aRequestAskedOfAStoppedClientFailsAtOnce() throws Exception {
        client = builder().reconnect(false).build();
        client.connect();
        Peer peer = server.accept();
        peer.pong();
        peer.serverError();
        assertThat(client.whenStopped().get(10, TimeUnit.SECONDS).state()).isEqualTo(DISCONNECTED);

        CompletableFuture<Void> deleted = client.delete("trip");

        assertThatThrownBy(() -> deleted.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(RequestFailedException.class)
                .hasMessageStartingWith("not connected: the client stopped (server error (1011)");
    }

    @Test
    void programmingErrorsFailAtOnceNamingTheValue() {
        client = builder().build();

        assertThatThrownBy(() -> client.list(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be 1 to 100: 0");
        assertThatThrownBy(() -> client.list(null, null, 101)).hasMessage("limit must be 1 to 100: 101");
        assertThatThrownBy(() -> client.rename("bad id", "t")).hasMessageContaining("threadId");
        assertThatThrownBy(() -> client.rename("t1", null)).hasMessage("a title must not be null");
        assertThatThrownBy(() -> client.delete(null)).hasMessageContaining("threadId");
        assertThatThrownBy(() -> ThreadListClient.builder().userId("u1").build()).hasMessage("a url is required");
        assertThatThrownBy(() -> ThreadListClient.builder().url("ws://h").build()).hasMessageContaining("userId");
    }

    private static WireThread thread(String id, String title) {
        return new WireThread(id, title, "2026-12-07T12:55:01.204Z", "2026-12-07T12:55:40.071Z",
                new WireThread.Agent("Wanderlust", 4), "Bonjour !", 6);
    }
}
