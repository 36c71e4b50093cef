package dev.agentbuilder.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.spi.ListingChangesContract;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Listing changes between two buses on one real redis-server, as two nodes would have. */
@Timeout(120)
class RedisListingChangesTest extends ListingChangesContract {

    @Override
    protected List<ThreadBus> twoNodes() {
        RedisServer server = RedisServer.shared();
        return List.of(bus(server), bus(server));
    }

    @Override
    protected void sendOnTheListingChannel(List<String> payloads) {
        RedisClient client = RedisClient.create(RedisServer.shared().url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            payloads.forEach(payload -> c.sync().publish(LISTING, payload));
        } finally {
            client.shutdown();
        }
    }

    @Override
    protected List<String> garbage() {
        return List.of("", "hello", "{\"type\":\"created\"}", "n1|created|alice", "n1|exploded|alice|t1",
                "n1|created|al ice|t1", "n1|created|alice|" + "t".repeat(129), "x|".repeat(100_000));
    }

    @Override
    protected boolean listening(ThreadBus bus) {
        return bus.connected();
    }


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
        assertThat(skipped).allMatch(ListingChangesContract::isProbe);
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

    private static long subscribersInRedis(RedisServer server) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().pubsubNumsub(LISTING).getOrDefault(LISTING, 0L);
        } finally {
            client.shutdown();
        }
    }
}
