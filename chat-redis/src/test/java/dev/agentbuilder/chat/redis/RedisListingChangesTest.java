package dev.agentbuilder.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.spi.RecordingChanges;
import dev.agentbuilder.chat.core.spi.ThreadBus.Subscription;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.redis.internal.RedisThreadBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
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

/** Listing changes between two buses on one real redis-server, as two nodes would have. */
@Timeout(120)
class RedisListingChangesTest {

    private static final String LISTING = "chat:threads";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RedisThreadBus bus(RedisServer server) {
        RedisThreadBus bus = (RedisThreadBus) RedisBus.connect(server.url());
        open.add(bus);
        return bus;
    }

    private RedisServer ownServer() {
        RedisServer server = RedisServer.start();
        open.add(server);
        return server;
    }

    private static RecordingChanges subscribed(ThreadBus bus) {
        RecordingChanges recording = new RecordingChanges();
        bus.subscribeChanges(recording);
        return recording;
    }

    @Test
    void aChangePublishedOnOneNodeReachesEverySubscriberOfBothNodesOnceWithKindThreadAndUser() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
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

        // Redis sends B's change to A after A's own came back: had A delivered those again, they would be here first.
        ThreadChange fromB = new ThreadChange(Kind.RENAMED, "t-2", "carol");
        b.publishChange(fromB);
        assertThat(onA.next()).isEqualTo(fromB);
        assertThat(onB.drain()).containsExactly(fromB);
        assertThat(alsoOnB.drain()).containsExactly(fromB);
        assertThat(onA.drain()).isEmpty();
    }

    @Test
    void everyNodeSubscribesTheListingChannelOnceAsItConnectsAndKeepsIt() {
        RedisServer server = ownServer();
        ThreadBus a = bus(server);
        bus(server);
        assertThat(subscribersInRedis(server)).isEqualTo(2);

        Subscription first = a.subscribeChanges(new RecordingChanges());
        Subscription second = a.subscribeChanges(new RecordingChanges());
        first.close();
        second.close();
        assertThat(subscribersInRedis(server)).isEqualTo(2);
    }

    @Test
    void aClosedSubscriptionGetsNothingMoreWhileTheOthersStillDo() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
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
        // Both are called in turn on the one I/O thread: once the open one has it, the closed one would have too.
        assertThat(stillOnB.next()).isEqualTo(second);
        assertThat(closedOnB.drain()).isEmpty();
        assertThat(closedOnA.drain()).isEmpty();
    }

    @Test
    void somethingElseOnTheListingChannelIsIgnoredAndLaterChangesStillArrive() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
        RecordingChanges onB = subscribed(b);

        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String garbage : List.of("", "hello", "{\"type\":\"created\"}", "n1|created|alice",
                    "n1|exploded|alice|t1", "n1|created|al ice|t1", "n1|created|alice|" + "t".repeat(129),
                    "x|".repeat(100_000))) {
                c.sync().publish(LISTING, garbage);
            }
        } finally {
            client.shutdown();
        }
        ThreadChange after = new ThreadChange(Kind.RENAMED, "t-after-garbage", "alice");
        a.publishChange(after);

        assertThat(onB.next()).isEqualTo(after);
        assertThat(b.connected()).isTrue();
    }

    @Test
    void aSubscriberThatThrowsIsLoggedAndTheOthersStillGetEveryChange() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
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
    void afterRedisRestartsChangesPublishedAfterwardsArriveAgain() throws Exception {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        RecordingChanges onB = subscribed(b);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);

        server.stop();
        server.startAgain();

        assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();
        awaitChangesCross(a, onB);
        ThreadChange after = new ThreadChange(Kind.RENAMED, "t-after-restart", "alice");
        a.publishChange(after);
        List<ThreadChange> skipped = new ArrayList<>();
        onB.until(after::equals, skipped);
        assertThat(skipped).allMatch(RedisListingChangesTest::isProbe);
    }

    @Test
    void aSubscriptionMadeWhileRedisIsDownHearsOtherNodesOnceItIsBack() throws Exception {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);
        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !b.connected());

        RecordingChanges onB = subscribed(b);
        server.startAgain();

        assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();
        awaitChangesCross(a, onB);
    }

    @Test
    void aNodesOwnChangesReachItsSubscribersEvenWhileRedisIsDown() {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RecordingChanges onA = subscribed(a);
        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !a.connected());

        ThreadChange whileDown = new ThreadChange(Kind.DELETED, "t-down", "alice");
        a.publishChange(whileDown);

        assertThat(onA.drain()).containsExactly(whileDown);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.failedPublishes() >= 1);
    }

    /** Publishes probes until one arrives: then the publishing connection is back too. */
    private static void awaitChangesCross(ThreadBus publisher, RecordingChanges subscriber) {
        AtomicInteger probes = new AtomicInteger();
        List<ThreadChange> arrived = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            publisher.publishChange(new ThreadChange(Kind.UPDATED, "probe-" + probes.incrementAndGet(), "alice"));
            arrived.addAll(subscriber.drain());
            return !arrived.isEmpty();
        });
        assertThat(arrived).allMatch(RedisListingChangesTest::isProbe);
    }

    private static boolean isProbe(ThreadChange change) {
        return change.threadId().startsWith("probe-");
    }

    private static long subscribersInRedis(RedisServer server) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().pubsubNumsub(LISTING).getOrDefault(LISTING, 0L);
        } finally {
            client.shutdown();
        }
    }
}
