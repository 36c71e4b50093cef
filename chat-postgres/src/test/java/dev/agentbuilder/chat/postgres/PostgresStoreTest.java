package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.StoredHistory;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ThreadStore.UserMessageAppend;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL store adds to the contract: several nodes on one database, and a database that goes away. */
class PostgresStoreTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : reversed(open)) {
            c.close();
        }
    }

    private static List<AutoCloseable> reversed(List<AutoCloseable> list) {
        List<AutoCloseable> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private ThreadStore store(String url) {
        ThreadStore store = PostgresStore.open(url, null, anyNode(), LEASE);
        open.add(store);
        return store;
    }

    @Test
    void twoNodesWritingOneThreadAtOnceGetGapFreeSeqsAndNeverStoreAClientMessageIdTwice() {
        String url = PostgresServer.shared().createDatabase();
        ThreadStore a = store(url);
        ThreadStore b = store(url);
        a.openThread("t1", "alice");
        b.openThread("t1", "alice");
        int each = 100;
        List<CompletableFuture<UserMessageAppend>> writes = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            // The same clientMessageId sent to both nodes, as a client does when it resends after a reconnect.
            writes.add(a.appendUserMessage("t1", user("a-" + i, "c-" + i)));
            writes.add(b.appendUserMessage("t1", user("b-" + i, "c-" + i)));
        }
        List<UserMessageAppend> results = writes.stream().map(CompletableFuture::join).toList();

        List<StoredEvent> stored = StoreKit.allEvents(a, "t1", 0);
        assertThat(stored).extracting(StoredEvent::seq).isEqualTo(LongStream.rangeClosed(1, each).boxed().toList());
        assertThat(stored).extracting(e -> ((MessageAdded) e).message().clientMessageId()).doesNotHaveDuplicates();
        assertThat(results).filteredOn(UserMessageAppend::duplicate).hasSize(each);
        for (int i = 0; i < each; i++) {
            assertThat(results.get(2 * i).event()).as("both nodes answer c-%d with the one stored", i)
                    .isEqualTo(results.get(2 * i + 1).event());
        }
        assertThat(b.openThread("t1", "bob").lastSeq()).isEqualTo(each);
    }

    @Test
    void aChangeByHandOnOneNodeMakesTheBuildersChangesOfTheSameVersionOnAnotherAConflictAndVersionsStayUnique() {
        String url = PostgresServer.shared().createDatabase();
        ThreadStore a = store(url);
        ThreadStore b = store(url);
        a.openThread("t1", "alice");
        b.openThread("t1", "alice");
        AgentDraft byHand = AgentDraft.empty().withName("Wanderlust");
        a.appendUserDraft("t1", byHand, DraftSource.USER, "e1").join();

        // Node b had not heard of it: its builder numbers its change 1 too.
        assertThat(StoreKit.appendDrafts(b, "t1", List.of(AgentDraft.empty().withName("Trip Planner"))))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ThreadStore.VersionConflict.class);
        assertThat(b.appendUserDraft("t1", AgentDraft.empty().withName("Roamer"), DraftSource.USER, "e2"))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ThreadStore.VersionConflict.class);

        assertThat(StoreKit.allEvents(b, "t1", 0)).containsExactly(new AgentUpdated(1, byHand, DraftSource.USER));
        assertThat(b.openThread("t1", "alice").draft()).isEqualTo(byHand);
        StoreKit.appendDrafts(b, "t1", List.of(byHand.withName("Trip Planner"))).join();
        assertThat(a.openThread("t1", "alice").draft().version()).isEqualTo(2);
    }

    @Test
    void nodesStartingTogetherOnAFreshDatabaseAllGetTheSchemaOnce() {
        String url = PostgresServer.shared().createDatabase();
        List<CompletableFuture<ThreadStore>> opening = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> PostgresStore.open(url, null, anyNode(), LEASE)));
        }
        List<ThreadStore> stores = opening.stream().map(CompletableFuture::join).toList();
        open.addAll(stores);

        stores.get(0).openThread("t1", "alice");
        assertThat(stores.get(3).appendUserMessage("t1", user("u-1", "c-1")).join().event().seq()).isEqualTo(1);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsRefusedInOneLineNamingItButNotThePassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/chat?user=chat&password=s3cret-pw";

        assertThatThrownBy(() -> PostgresStore.open(url, "other-s3cret", anyNode(), LEASE))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort + "/chat")
                .hasMessageNotContaining("s3cret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aDatabaseUpgradedByANewerServerIsRefused() throws SQLException {
        String url = PostgresServer.shared().createDatabase();
        store(url).close();
        open.clear();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) "
                    + "VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'postgres', 1, true)");
        }

        assertThatThrownBy(() -> PostgresStore.open(url, null, anyNode(), LEASE))
                .isInstanceOf(ChatException.class)
                .hasMessageContaining("cannot use the database " + url.replaceAll(".*//|\\?.*", ""))
                .hasMessageContaining("schema version 99, newer than this server understands");
    }

    @Test
    void writesWhileTheDatabaseIsDownFailRetriablyAndTheStoreWorksAgainOnceItIsBack() {
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.createDatabase();
            ThreadStore store = store(url);
            StoredHistory.write(store, "t1", "alice", 3);

            server.stop();
            assertThatThrownBy(() -> store.appendUserMessage("t1", user("u-down", "c-down")).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ChatException.class)
                    .satisfies(e -> assertThat(((ChatException) e).retriable()).isTrue());
            server.startAgain();

            assertThat(StoreKit.allEvents(store, "t1", 0)).as("a read on a connection from before the restart")
                    .hasSize(6);
            UserMessageAppend after = store.appendUserMessage("t1", user("u-back", "c-back")).join();
            assertThat(after.event().seq()).as("the failed write took no seq").isEqualTo(7);
            assertThat(StoreKit.allEvents(store, "t1", 0)).extracting(StoredEvent::seq)
                    .isEqualTo(LongStream.rangeClosed(1, 7).boxed().toList());
        }
    }

    private static ThreadMessage user(String id, String clientMessageId) {
        return ThreadMessage.user(id, "hello " + id, Instant.now(), "alice", clientMessageId);
    }

    private static final java.time.Duration LEASE = java.time.Duration.ofSeconds(30);

    /** A node name of its own for each store: nodes that share a name give back each other's leases. */
    private static String anyNode() {
        return "node-" + java.util.UUID.randomUUID();
    }
}
