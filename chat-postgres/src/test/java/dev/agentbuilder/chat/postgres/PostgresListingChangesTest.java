package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.RecordingChanges;
import dev.agentbuilder.chat.core.spi.ThreadBus.Subscription;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.postgres.internal.PgNotifyBus;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listing changes between two buses on one real PostgreSQL database, as two nodes would have. Listing changes never
 * read the store: each bus gets an in-memory one, so that these tests depend on the bus alone.
 */
@Timeout(120)
class PostgresListingChangesTest {

    private static final String LISTING = "chat_threads";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private PgNotifyBus bus(String url) {
        PgNotifyBus bus = (PgNotifyBus) PostgresBus.connect(url, null, ThreadStores.inMemory());
        open.add(bus);
        return bus;
    }

    private static RecordingChanges subscribed(ThreadBus bus) {
        RecordingChanges recording = new RecordingChanges();
        bus.subscribeChanges(recording);
        return recording;
    }

    @Test
    void aChangePublishedOnOneNodeReachesEverySubscriberOfBothNodesOnceWithKindThreadAndUser() {
        String url = PostgresServer.shared().createDatabase();
        ThreadBus a = bus(url);
        ThreadBus b = bus(url);
        RecordingChanges onA = subscribed(a);
        RecordingChanges onB = subscribed(b);
        RecordingChanges alsoOnB = subscribed(b);

        List<ThreadChange> published = List.of(new ThreadChange(Kind.CREATED, "t-1", "alice"),
                new ThreadChange(Kind.UPDATED, "team:42.x_y-" + "z".repeat(116), "bob.b-c_d:e"),
                new ThreadChange(Kind.RENAMED, "t-1", "alice"),
                new ThreadChange(Kind.DELETED, "t-1", "alice"));
        published.forEach(a::publishChange);

        assertThat(onA.drain()).as("A's own, at once, on the publishing thread").containsExactlyElementsOf(published);
        assertThat(onB.next(published.size())).containsExactlyElementsOf(published);
        assertThat(alsoOnB.next(published.size())).containsExactlyElementsOf(published);

        // A hears B's notification after its own, on one connection: had it delivered those again, they'd come first.
        ThreadChange fromB = new ThreadChange(Kind.RENAMED, "t-2", "carol");
        b.publishChange(fromB);
        assertThat(onA.next()).isEqualTo(fromB);
        assertThat(onB.drain()).containsExactly(fromB);
        assertThat(alsoOnB.drain()).containsExactly(fromB);
        assertThat(onA.drain()).isEmpty();
    }

    @Test
    void aClosedSubscriptionGetsNothingMoreWhileTheOthersStillDo() {
        String url = PostgresServer.shared().createDatabase();
        ThreadBus a = bus(url);
        ThreadBus b = bus(url);
        RecordingChanges closedOnA = new RecordingChanges();
        Subscription onA = a.subscribeChanges(closedOnA);
        RecordingChanges closedOnB = new RecordingChanges();
        Subscription onB = b.subscribeChanges(closedOnB);
        RecordingChanges stillOnB = subscribed(b);

        ThreadChange first = new ThreadChange(Kind.CREATED, "t-closing", "alice");
        a.publishChange(first);
        assertThat(closedOnA.drain()).containsExactly(first);
        assertThat(closedOnB.next()).isEqualTo(first);
        assertThat(stillOnB.next()).isEqualTo(first);

        onA.close();
        onB.close();
        ThreadChange second = new ThreadChange(Kind.UPDATED, "t-closing", "alice");
        a.publishChange(second);
        // Both are called in turn on the one listening thread: once the open one has it, the closed one would have too.
        assertThat(stillOnB.next()).isEqualTo(second);
        assertThat(closedOnB.drain()).isEmpty();
        assertThat(closedOnA.drain()).isEmpty();
    }

    @Test
    void somethingElseNotifiedOnTheListingChannelIsIgnoredAndLaterChangesStillArrive() throws SQLException {
        String url = PostgresServer.shared().createDatabase();
        ThreadBus a = bus(url);
        PgNotifyBus b = bus(url);
        RecordingChanges onB = subscribed(b);

        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (String garbage : List.of("", "hello", "n1|t1:5", "n1|created|alice", "n1|exploded|alice|t1",
                    "n1|created|al ice|t1", "n1|created|alice|" + "t".repeat(129), "x|".repeat(3_999))) {
                notify.setString(1, LISTING);
                notify.setString(2, garbage);
                notify.execute();
            }
        }
        ThreadChange after = new ThreadChange(Kind.RENAMED, "t-after-garbage", "alice");
        a.publishChange(after);

        assertThat(onB.next()).isEqualTo(after);
        assertThat(b.listening()).isTrue();
    }

    @Test
    void aSubscriberThatThrowsIsLoggedAndTheOthersStillGetEveryChange() {
        String url = PostgresServer.shared().createDatabase();
        ThreadBus a = bus(url);
        ThreadBus b = bus(url);
        a.subscribeChanges(change -> {
            throw new IllegalStateException("a broken subscriber on A");
        });
        b.subscribeChanges(change -> {
            throw new IllegalStateException("a broken subscriber on B");
        });
        RecordingChanges onA = subscribed(a);
        RecordingChanges onB = subscribed(b);

        List<ThreadChange> published = List.of(new ThreadChange(Kind.CREATED, "t-throws", "alice"),
                new ThreadChange(Kind.DELETED, "t-throws", "alice"));
        published.forEach(a::publishChange);

        assertThat(onA.drain()).containsExactlyElementsOf(published);
        assertThat(onB.next(2)).containsExactlyElementsOf(published);
    }

    @Test
    void afterPostgresqlRestartsChangesPublishedAfterwardsArriveAgainAndSoDoThoseOfASubscriptionMadeMeanwhile()
            throws Exception {
        PostgresServer server = PostgresServer.start();
        open.add(server);
        String url = server.createDatabase();
        PgNotifyBus a = bus(url);
        PgNotifyBus b = bus(url);
        RecordingChanges onB = subscribed(b);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);

        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !b.listening());
        RecordingChanges madeWhileDown = subscribed(b);
        server.startAgain();
        assertThat(resubscribed.await(60, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();

        // A's notifying connection learns of the restart on its first NOTIFY, which is dropped: publish until heard.
        awaitChangesCross(a, onB);
        ThreadChange after = new ThreadChange(Kind.RENAMED, "t-after-restart", "alice");
        a.publishChange(after);
        List<ThreadChange> skipped = new ArrayList<>();
        onB.until(after::equals, skipped);
        assertThat(skipped).allMatch(PostgresListingChangesTest::isProbe);
        madeWhileDown.until(after::equals, skipped);
        assertThat(skipped).allMatch(PostgresListingChangesTest::isProbe);
    }

    @Test
    void aNodesOwnChangesReachItsSubscribersEvenWhileTheDatabaseIsDown() {
        PostgresServer server = PostgresServer.start();
        open.add(server);
        PgNotifyBus a = bus(server.createDatabase());
        RecordingChanges onA = subscribed(a);
        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !a.listening());

        ThreadChange whileDown = new ThreadChange(Kind.DELETED, "t-down", "alice");
        a.publishChange(whileDown);

        assertThat(onA.drain()).containsExactly(whileDown);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.droppedNotifications() >= 1);
    }

    /** Publishes probes until one arrives: then the notifying connection is back too. */
    private static void awaitChangesCross(ThreadBus publisher, RecordingChanges subscriber) {
        AtomicInteger probes = new AtomicInteger();
        List<ThreadChange> arrived = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            publisher.publishChange(new ThreadChange(Kind.UPDATED, "probe-" + probes.incrementAndGet(), "alice"));
            arrived.addAll(subscriber.drain());
            return !arrived.isEmpty();
        });
        assertThat(arrived).allMatch(PostgresListingChangesTest::isProbe);
    }

    private static boolean isProbe(ThreadChange change) {
        return change.threadId().startsWith("probe-");
    }
}
