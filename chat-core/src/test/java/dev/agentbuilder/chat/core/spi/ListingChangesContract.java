package dev.agentbuilder.chat.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.spi.ThreadBus.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every bus across nodes does with listing changes ({@link ThreadBus#publishChange}), run on two buses of one
 * real broker as two nodes would have them. A bus's own tests extend it with what depends on its broker (restarts,
 * how it subscribes).
 */
public abstract class ListingChangesContract {

    /** Two buses on one broker, as two nodes have them; closed after the test. */
    protected abstract List<ThreadBus> twoNodes();

    /** Sends each payload on the broker's listing channel, as someone else on the broker might. */
    protected abstract void sendOnTheListingChannel(List<String> payloads);

    /** Texts on the listing channel that are no change of ours: each must be ignored. */
    protected abstract List<String> garbage();

    /** Whether the bus is still connected to its broker and listening. */
    protected abstract boolean listening(ThreadBus bus);

    protected static RecordingChanges subscribed(ThreadBus bus) {
        RecordingChanges recording = new RecordingChanges();
        bus.subscribeChanges(recording);
        return recording;
    }

    protected static boolean isProbe(ThreadChange change) {
        return change.threadId().startsWith("probe-");
    }

    /**
     * Publishes probes until one arrives, then the publishing connection is back too (after a restart, its first
     * publish may be lost); only probes arrive meanwhile.
     */
    protected static void awaitChangesCross(ThreadBus publisher, RecordingChanges subscriber) {
        for (int probe = 1; ; probe++) {
            assertThat(probe).as("probes published before one crossed").isLessThan(300);
            publisher.publishChange(new ThreadChange(Kind.UPDATED, "probe-" + probe, "alice"));
            ThreadChange arrived = subscriber.poll(java.time.Duration.ofMillis(100));
            if (arrived != null) {
                assertThat(arrived).matches(ListingChangesContract::isProbe);
                assertThat(subscriber.drain()).allMatch(ListingChangesContract::isProbe);
                return;
            }
        }
    }

    @Test
    void aChangePublishedOnOneNodeReachesEverySubscriberOfBothNodesOnceWithKindThreadAndUser() {
        List<ThreadBus> nodes = twoNodes();
        ThreadBus a = nodes.get(0);
        ThreadBus b = nodes.get(1);
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

        // The broker gives B's change to A after A's own came back: had A delivered those again, they'd come first.
        ThreadChange fromB = new ThreadChange(Kind.RENAMED, "t-2", "carol");
        b.publishChange(fromB);
        assertThat(onA.next()).isEqualTo(fromB);
        assertThat(onB.drain()).containsExactly(fromB);
        assertThat(alsoOnB.drain()).containsExactly(fromB);
        assertThat(onA.drain()).isEmpty();
    }

    @Test
    void aClosedSubscriptionGetsNothingMoreWhileTheOthersStillDo() {
        List<ThreadBus> nodes = twoNodes();
        ThreadBus a = nodes.get(0);
        ThreadBus b = nodes.get(1);
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
        // Both are called in turn on the bus's one receiving thread: once the open one has it, the closed one would.
        assertThat(stillOnB.next()).isEqualTo(second);
        assertThat(closedOnB.drain()).isEmpty();
        assertThat(closedOnA.drain()).isEmpty();
    }

    @Test
    void somethingElseOnTheListingChannelIsIgnoredAndLaterChangesStillArrive() {
        List<ThreadBus> nodes = twoNodes();
        RecordingChanges onB = subscribed(nodes.get(1));

        sendOnTheListingChannel(garbage());
        ThreadChange after = new ThreadChange(Kind.RENAMED, "t-after-garbage", "alice");
        nodes.get(0).publishChange(after);

        assertThat(onB.next()).isEqualTo(after);
        assertThat(listening(nodes.get(1))).isTrue();
    }

    @Test
    void aSubscriberThatThrowsIsLoggedAndTheOthersStillGetEveryChange() {
        List<ThreadBus> nodes = twoNodes();
        ThreadBus a = nodes.get(0);
        ThreadBus b = nodes.get(1);
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
}
