package dev.agentbuilder.chat.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GroupCommitWriterTest {

    private static final Database MEMORY = new Database() {
        @Override
        public String name() {
            return "memory";
        }

        @Override
        public boolean isTransient(Throwable e) {
            return true;
        }

        @Override
        public boolean isConnectionLost(Throwable e) {
            return false;
        }

        @Override
        public void dropIdleConnections() {
        }
    };

    private Connection connection;
    private GroupCommitWriter writer;
    private final List<String> hooks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        }
        writer = GroupCommitWriter.onConnection(connection, "test-writer", 512, MEMORY);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void aWriteThatFailsInAGroupCommitFailsAloneAndTheOthersAreCommitted() throws SQLException {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocker = writer.submit("a", tx -> {
            await(release);
            return insert(tx, 1);
        });
        List<CompletableFuture<Integer>> group = new ArrayList<>();
        group.add(writer.submit("a", tx -> insert(tx, 2)));
        group.add(writer.submit("a", tx -> {
            tx.afterRollback(() -> hooks.add("rolled back"));
            tx.afterCommit(() -> hooks.add("committed"));
            return insert(tx, 1);
        }));
        group.add(writer.submit("a", tx -> insert(tx, 3)));
        release.countDown();

        assertThat(blocker.join()).isEqualTo(1);
        assertThat(group.get(0).join()).isEqualTo(2);
        assertThatThrownBy(group.get(1)::join).hasCauseInstanceOf(ChatException.class)
                .hasMessageContaining("could not write to the database memory");
        assertThat(group.get(2).join()).isEqualTo(3);
        // Rolled back with its group, then alone; never committed.
        assertThat(hooks).containsExactly("rolled back", "rolled back");
        assertThat(ids()).containsExactly(1, 2, 3);
    }

    @Test
    void anUrgentWriteCommitsAheadOfItsBatchUnlessItsThreadWroteEarlierInIt() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocker = writer.submit("a", tx -> {
            started.countDown();
            await(release);
            return insert(tx, 1);
        });
        await(started);
        List<CompletableFuture<Integer>> batch = List.of(
                writer.submit("b", tx -> committed(tx, "b reply", 2)),
                writer.submit("c", tx -> committed(tx, "c reply", 3)),
                writer.submitUrgent("d", tx -> committed(tx, "d message", 4)),
                writer.submitUrgent("b", tx -> committed(tx, "b message", 5)),
                writer.submitUrgent("e", tx -> committed(tx, "e message", 6)),
                writer.submitUrgent("d", tx -> committed(tx, "d second message", 7)));
        release.countDown();

        assertThat(blocker.join()).isEqualTo(1);
        batch.forEach(CompletableFuture::join);
        assertThat(hooks).containsExactly("d message", "e message", "b reply", "c reply", "b message",
                "d second message");
    }

    @Test
    void aWriteAfterCloseFailsAtOnceNamingTheStore() {
        writer.close();

        assertThatThrownBy(writer.submit("a", tx -> insert(tx, 1))::join)
                .hasCauseInstanceOf(ChatException.class)
                .hasMessageContaining("the store memory is closed");
    }

    /** Holds the writer, so that the writes queued meanwhile go into one group commit. */
    private int committed(Transaction tx, String name, int id) throws SQLException {
        tx.afterCommit(() -> hooks.add(name));
        return insert(tx, id);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int insert(Transaction tx, int id) throws SQLException {
        PreparedStatement s = tx.prepare("INSERT INTO t (id) VALUES (?)");
        s.setInt(1, id);
        s.executeUpdate();
        return id;
    }

    private List<Integer> ids() throws SQLException {
        CompletableFuture<List<Integer>> read = writer.submit("a", tx -> {
            List<Integer> ids = new ArrayList<>();
            try (ResultSet r = tx.prepare("SELECT id FROM t ORDER BY id").executeQuery()) {
                while (r.next()) {
                    ids.add(r.getInt(1));
                }
            }
            return ids;
        });
        return read.join();
    }
}
