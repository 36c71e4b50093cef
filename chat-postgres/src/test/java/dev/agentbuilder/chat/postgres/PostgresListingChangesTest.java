package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ThreadChange.Kind;
import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ListingChangesContract;
import dev.agentbuilder.chat.core.spi.RecordingChanges;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listing changes between two buses on one real PostgreSQL database, as two nodes would have. Listing changes never
 * read the store: each bus gets an in-memory one, so that these tests depend on the bus alone.
 */
@Timeout(120)
class PostgresListingChangesTest extends ListingChangesContract {

    /** The database of the test's two nodes, made when it asks for them. */
    private String url;

    @Override
    protected List<ThreadBus> twoNodes() {
        url = PostgresServer.shared().createDatabase();
        return List.of(bus(url), bus(url));
    }

    @Override
    protected void sendOnTheListingChannel(List<String> payloads) {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            for (String payload : payloads) {
                notify.setString(1, LISTING);
                notify.setString(2, payload);
                notify.execute();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected List<String> garbage() {
        return List.of("", "hello", "n1|t1:5", "n1|created|alice", "n1|exploded|alice|t1", "n1|created|al ice|t1",
                "n1|created|alice|" + "t".repeat(129), "x|".repeat(3_999));
    }

    @Override
    protected boolean listening(ThreadBus bus) {
        return ((PgNotifyBus) bus).listening();
    }


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
        assertThat(skipped).allMatch(ListingChangesContract::isProbe);
        madeWhileDown.until(after::equals, skipped);
        assertThat(skipped).allMatch(ListingChangesContract::isProbe);
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
}
