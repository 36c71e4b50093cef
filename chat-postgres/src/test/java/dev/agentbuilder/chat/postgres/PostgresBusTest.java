package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.RecordingSubscriber;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.postgres.internal.PgNotifyBus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes, each with its store and its bus, on one real PostgreSQL. */
@Timeout(120)
class PostgresBusTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** One node: its store, its bus, and what its subscriber of thread t1 received. */
    private record Node(ThreadStore store, PgNotifyBus bus, RecordingSubscriber onT1) {
    }

    private Node node(String url) {
        ThreadStore store = PostgresStore.open(url, null, anyNode(), LEASE);
        open.add(store);
        PgNotifyBus bus = (PgNotifyBus) PostgresBus.connect(url, null, store);
        open.add(bus);
        store.openThread("t1", "alice");
        RecordingSubscriber onT1 = new RecordingSubscriber();
        bus.subscribe("t1", onT1);
        return new Node(store, bus, onT1);
    }

    private static MessageAdded storeMessage(Node node, String threadId, String id) {
        ThreadMessage message = ThreadMessage.user(id, "hello " + id + " 👋",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "alice", "c-" + id);
        return (MessageAdded) node.store().appendUserMessage(threadId, message).join().event();
    }

    @Test
    void storedEventsPublishedOnOneNodeArriveOnTheOtherInOrder() {
        String url = PostgresServer.shared().createDatabase();
        Node a = node(url);
        Node b = node(url);
        RecordingSubscriber onA = a.onT1();
        RecordingSubscriber onB = b.onT1();

        List<StoredEvent> published = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            published.add(storeMessage(a, "t1", "u-" + i));
        }
        published.addAll(StoreKit.appendDrafts(a.store(), "t1", List.of(AgentDraft.empty().withName("Planner"),
                AgentDraft.empty().withName("Planner").withDescription("Plans trips"))).join());
        published.forEach(e -> a.bus().publish("t1", e));

        assertThat(onB.next(published.size())).containsExactlyElementsOf(published);
        assertThat(onA.next(published.size())).as("this node's own, delivered directly and once")
                .containsExactlyElementsOf(published);
        assertThat(a.bus().crossesNodes()).isTrue();
    }

    @Test
    void liveEventsReachOnlyTheSubscribersOfThePublishingNode() {
        String url = PostgresServer.shared().createDatabase();
        Node a = node(url);
        Node b = node(url);
        RecordingSubscriber onA = a.onT1();
        RecordingSubscriber onB = b.onT1();

        List<ThreadEvent> live = List.of(new StatusChanged(TurnState.THINKING), new AssistantDelta("a-1", "Hel"));
        live.forEach(e -> a.bus().publish("t1", e));
        MessageAdded stored = storeMessage(a, "t1", "u-1");
        a.bus().publish("t1", stored);

        assertThat(onA.next(3)).containsExactly(live.get(0), live.get(1), stored);
        assertThat(onB.next()).as("the stored event, and nothing before it").isEqualTo(stored);
    }

    @Test
    void aNodeHearsOnlyTheThreadsItFollowsAndNeverItsOwnNotificationsTwice() {
        String url = PostgresServer.shared().createDatabase();
        Node a = node(url);
        Node b = node(url);
        a.store().openThread("t2", "alice");
        RecordingSubscriber onA = a.onT1();
        RecordingSubscriber onB = b.onT1();

        MessageAdded fromA = storeMessage(a, "t1", "u-a");
        a.bus().publish("t1", fromA);
        a.bus().publish("t2", storeMessage(a, "t2", "u-other"));
        assertThat(onB.next()).isEqualTo(fromA);
        MessageAdded fromB = storeMessage(b, "t1", "u-b");
        b.bus().publish("t1", fromB);
        assertThat(onB.next()).isEqualTo(fromB);

        // A hears B's notification after its own, on one connection: had it taken its own, it would be here first.
        assertThat(onA.next(2)).containsExactly(fromA, fromB);
        assertThat(onA.drain()).isEmpty();
        assertThat(onB.drain()).as("t2, which B does not follow, and nothing twice").isEmpty();
    }

    @Test
    void afterPostgresqlRestartsTheBusReportsResubscribedAndDeliveryGoesOn() throws Exception {
        PostgresServer server = PostgresServer.start();
        open.add(server);
        String url = server.createDatabase();
        Node a = node(url);
        Node b = node(url);
        RecordingSubscriber onB = b.onT1();
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.bus().onResubscribed(resubscribed::countDown);

        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !b.bus().listening());
        // A thread opened while the database is away is served once it is back.
        RecordingSubscriber onT2 = new RecordingSubscriber();
        b.bus().subscribe("t2", onT2);
        server.startAgain();
        assertThat(resubscribed.await(60, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();

        // A's notifying connection learns of the restart on its first NOTIFY, which is dropped: publish until heard.
        // The store's pool too may hand out a connection from before the restart once; the resend is idempotent.
        MessageAdded first = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> storeMessage(a, "t1", "u-1"), Objects::nonNull);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            a.bus().publish("t1", first);
            return onB.drain().contains(first);
        });
        MessageAdded second = storeMessage(a, "t1", "u-2");
        a.bus().publish("t1", second);
        List<ThreadEvent> skipped = new ArrayList<>();
        onB.until(second::equals, skipped);
        assertThat(skipped).containsOnly(first);
        MessageAdded onOther = storeMessage(a, "t2", "u-3");
        a.bus().publish("t2", onOther);
        assertThat(onT2.next(1)).containsExactly(onOther);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsRefusedInOneLineNamingItButNotThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/chat?user=chat&password=s3cret-pw";
        String anyUrl = PostgresServer.shared().createDatabase();
        ThreadStore store = PostgresStore.open(anyUrl, null, anyNode(), LEASE);
        open.add(store);

        assertThatThrownBy(() -> PostgresBus.connect(url, "other-s3cret", store))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort + "/chat")
                .hasMessageNotContaining("s3cret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static final java.time.Duration LEASE = java.time.Duration.ofSeconds(30);

    /** A node name of its own for each store: nodes that share a name give back each other's leases. */
    private static String anyNode() {
        return "node-" + java.util.UUID.randomUUID();
    }
}
