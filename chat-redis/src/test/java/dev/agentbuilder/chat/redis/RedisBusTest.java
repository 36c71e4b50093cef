package dev.agentbuilder.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.spi.RecordingSubscriber;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadBus.Subscription;
import dev.agentbuilder.chat.core.spi.ThreadEventJson;
import dev.agentbuilder.chat.core.spi.ThreadEventSamples;
import dev.agentbuilder.chat.redis.internal.RedisThreadBus;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two buses on one real redis-server, as two nodes would have. */
@Timeout(120)
class RedisBusTest {

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

    private static AssistantDelta delta(String messageId, int i) {
        return new AssistantDelta(messageId, "part " + i);
    }

    @Test
    void eventsPublishedOnOneNodeArriveOnTheOtherInPublishOrderAndEqual() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-order", onB);

        List<ThreadEvent> published = new ArrayList<>(ThreadEventSamples.everyKind(1));
        IntStream.range(0, 500).forEach(i -> published.add(delta("a-9", i)));
        published.forEach(e -> a.publish("t-order", e));

        assertThat(onB.next(published.size())).containsExactlyElementsOf(published);
        assertThat(a.crossesNodes()).isTrue();
    }

    @Test
    void aSubscriberGetsWhatIsPublishedRightAfterSubscribeReturned() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
        for (int i = 0; i < 50; i++) {
            RecordingSubscriber onB = new RecordingSubscriber();
            b.subscribe("t-fresh-" + i, onB);
            a.publish("t-fresh-" + i, delta("a-" + i, i));
            assertThat(onB.next()).isEqualTo(delta("a-" + i, i));
        }
    }

    @Test
    void eventsOfOtherThreadsDoNotArrive() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-mine", onB);
        a.publish("t-other", delta("x", 1));
        a.publish("t-mine", delta("y", 2));
        assertThat(onB.next()).isEqualTo(delta("y", 2));
        assertThat(onB.drain()).isEmpty();
    }

    @Test
    void localSubscribersOfOneThreadShareOneRedisSubscriptionAndAnUnsubscribedOneGetsNothingMore() {
        RedisServer server = RedisServer.shared();
        ThreadBus a = bus(server);
        ThreadBus b = bus(server);
        RecordingSubscriber first = new RecordingSubscriber();
        RecordingSubscriber second = new RecordingSubscriber();
        Subscription firstSubscription = b.subscribe("t-shared", first);
        Subscription secondSubscription = b.subscribe("t-shared", second);
        assertThat(subscribersInRedis(server, "chat:thread:t-shared")).isEqualTo(1);

        a.publish("t-shared", delta("m", 1));
        assertThat(first.next()).isEqualTo(delta("m", 1));
        assertThat(second.next()).isEqualTo(delta("m", 1));

        firstSubscription.close();
        a.publish("t-shared", delta("m", 2));
        // Both are called in turn on the one I/O thread: once the second has it, the first would have had it too.
        assertThat(second.next()).isEqualTo(delta("m", 2));
        assertThat(first.drain()).isEmpty();
        assertThat(subscribersInRedis(server, "chat:thread:t-shared")).isEqualTo(1);

        secondSubscription.close();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribersInRedis(server, "chat:thread:t-shared") == 0);
    }

    private static long subscribersInRedis(RedisServer server, String channel) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Map<String, Long> counts = c.sync().pubsubNumsub(channel);
            return counts.getOrDefault(channel, 0L);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aNodesLiveEventThatComesTwiceOrLateIsDroppedAndAGapIsCounted() {
        RedisServer server = RedisServer.shared();
        RedisThreadBus b = bus(server);
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-live", onB);
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            // Another node's live events on the channel, as its bus numbers them: epoch 7, indexes 1, 1, 3, 2, 4;
            // then the same node again with its channel state made anew (epoch 8), from 1.
            for (String position : List.of("7:1", "7:1", "7:3", "7:2", "7:4", "8:1")) {
                c.sync().publish("chat:thread:t-live", "other-node|" + position + "|"
                        + ThreadEventJson.write(delta("m", Integer.parseInt(position.substring(2)))));
            }
            c.sync().publish("chat:thread:t-live", "other-node|" + ThreadEventJson.write(delta("end", 0)));
        } finally {
            client.shutdown();
        }

        List<ThreadEvent> skipped = new ArrayList<>();
        onB.until(e -> e.equals(delta("end", 0)), skipped);
        assertThat(skipped).containsExactly(delta("m", 1), delta("m", 3), delta("m", 4), delta("m", 1));
        assertThat(b.liveGaps()).isEqualTo(1);
    }

    @Test
    void liveEventsBetweenTwoSubscribedNodesAreNumberedAndAllArrive() {
        RedisServer server = RedisServer.shared();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        a.subscribe("t-numbered", new RecordingSubscriber());
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-numbered", onB);

        List<ThreadEvent> published = new ArrayList<>(ThreadEventSamples.everyKind(1));
        IntStream.range(0, 200).forEach(i -> published.add(delta("a-1", i)));
        published.forEach(e -> a.publish("t-numbered", e));

        assertThat(onB.next(published.size())).containsExactlyElementsOf(published);
        assertThat(b.liveGaps()).isZero();
    }

    @Test
    void afterRedisRestartsTheSubscribersBusReportsResubscribedAndDeliveryGoesOn() throws Exception {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-restart", onB);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);

        server.stop();
        server.startAgain();

        assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();
        awaitPublisherBack(a, "t-restart", onB);
        List<ThreadEvent> after = IntStream.range(0, 20).mapToObj(i -> (ThreadEvent) delta("after", i)).toList();
        after.forEach(e -> a.publish("t-restart", e));
        List<ThreadEvent> skipped = new ArrayList<>();
        ThreadEvent firstAfter = onB.until(e -> e instanceof AssistantDelta d && d.messageId().equals("after"),
                skipped);
        assertThat(skipped).allMatch(e -> ((AssistantDelta) e).messageId().equals("probe"));
        List<ThreadEvent> received = new ArrayList<>(List.of(firstAfter));
        received.addAll(onB.next(after.size() - 1));
        assertThat(received).containsExactlyElementsOf(after);
    }

    @Test
    void anEventPublishedWhileRedisIsDownIsNeverDeliveredLater() throws Exception {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        RecordingSubscriber onB = new RecordingSubscriber();
        b.subscribe("t-down", onB);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);
        a.publish("t-down", delta("before", 1));
        assertThat(onB.next()).isEqualTo(delta("before", 1));

        server.stop();
        a.publish("t-down", delta("lost", 1));
        // Back at once, well within the command timeout: a client that kept the PUBLISH would send it now.
        server.startAgain();
        assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();
        awaitPublisherBack(a, "t-down", onB);
        a.publish("t-down", delta("after", 1));

        List<ThreadEvent> skipped = new ArrayList<>();
        onB.until(e -> e.equals(delta("after", 1)), skipped);
        assertThat(skipped).noneMatch(e -> ((AssistantDelta) e).messageId().equals("lost"));
        assertThat(onB.drain()).noneMatch(e -> ((AssistantDelta) e).messageId().equals("lost"));
        // Rejected at once, or failed when the dropped connection was noticed; either way counted.
        assertThat(a.failedPublishes()).isGreaterThanOrEqualTo(1);
    }

    /** Publishes probes until one arrives: then the publishing connection is back too. */
    private static void awaitPublisherBack(ThreadBus publisher, String threadId, RecordingSubscriber subscriber) {
        AtomicInteger probes = new AtomicInteger();
        List<ThreadEvent> arrived = Collections.synchronizedList(new ArrayList<>());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            publisher.publish(threadId, delta("probe", probes.incrementAndGet()));
            arrived.addAll(subscriber.drain());
            return arrived.stream().anyMatch(e -> ((AssistantDelta) e).messageId().equals("probe"));
        });
        assertThat(arrived).allMatch(e -> ((AssistantDelta) e).messageId().equals("probe"));
    }

    @Test
    void aSubscriptionMadeWhileRedisIsDownIsInPlaceOnceItIsBack() throws InterruptedException {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        CountDownLatch resubscribed = new CountDownLatch(1);
        b.onResubscribed(resubscribed::countDown);
        server.stop();
        RecordingSubscriber onB = new RecordingSubscriber();
        await().atMost(Duration.ofSeconds(30)).until(() -> !b.connected());

        b.subscribe("t-later", onB);
        server.startAgain();

        assertThat(resubscribed.await(30, TimeUnit.SECONDS)).as("onResubscribed called").isTrue();
        awaitPublisherBack(a, "t-later", onB);
    }

    @Test
    void aNodesOwnEventsReachItsSubscribersOnceAndEvenWhileRedisIsDown() {
        RedisServer server = ownServer();
        RedisThreadBus a = bus(server);
        RedisThreadBus b = bus(server);
        RecordingSubscriber onA = new RecordingSubscriber();
        a.subscribe("t-own", onA);

        a.publish("t-own", delta("own", 1));
        b.publish("t-own", delta("other", 1));
        assertThat(onA.next(2)).containsExactly(delta("own", 1), delta("other", 1));

        server.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !a.connected());
        a.publish("t-own", delta("own", 2));
        assertThat(onA.next(1)).containsExactly(delta("own", 2));
        assertThat(onA.drain()).as("nothing twice").isEmpty();
    }

    @Test
    void aRedisThatCannotBeReachedIsRefusedInOneLineNamingItButNotThePassword() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "redis://:hunter2secret@127.0.0.1:" + port;
        assertThatThrownBy(() -> RedisBus.connect(url))
                .isInstanceOf(ChatException.class)
                .hasMessageStartingWith("cannot reach Redis at 127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2secret").doesNotContain("\n"));
        assertThatThrownBy(() -> RedisBus.connect("http://127.0.0.1:" + port))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
