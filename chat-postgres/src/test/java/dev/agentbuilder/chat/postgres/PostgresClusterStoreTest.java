package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock.Lease;
import dev.agentbuilder.chat.core.store.ClusterStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Nodes on one PostgreSQL database keep the cluster store's contract, and a restarted node's leases come back. */
class PostgresClusterStoreTest extends ClusterStoreContract {

    private final String url = PostgresServer.shared().createDatabase();

    @Override
    protected ThreadStore openNode(String nodeId) {
        return PostgresStore.open(url, null, nodeId, Duration.ofSeconds(30));
    }

    @Override
    protected void expireLease(String threadId) {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement(
                        "UPDATE threads SET lease_until = now() - interval '1 second' WHERE thread_id = ?")) {
            s.setString(1, threadId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNodeStartingAgainUnderItsNameGivesBackItsPredecessorsLeasesAtOnce() {
        ThreadStore dead = node("node-x");
        dead.openThread("t2", "alice");
        dead.appendUserMessage("t2", ThreadMessage.user("u-1", "hello", Instant.now(), "alice", "c-1")).join();
        Lease deadLease = cluster(dead).turnLock().tryAcquire("t2").orElseThrow();
        ThreadStore other = node("node-y");
        assertThat(cluster(other).threadsWaitingForATurn(10)).as("the lease is live").isEmpty();

        ThreadStore restarted = node("node-x");

        assertThat(cluster(other).threadsWaitingForATurn(10)).containsExactly("t2");
        Lease next = cluster(restarted).turnLock().tryAcquire("t2").orElseThrow();
        assertThat(next.token()).isGreaterThan(deadLease.token());
        assertThat(dead.turnWriter(deadLease).appendReply(
                ThreadMessage.assistant("a-dead", "late", Instant.now(), "u-1", false, null), ChatMemories.NONE))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(ClusterStore.FencedOut.class);
    }

    private static ClusterStore cluster(ThreadStore node) {
        return node.cluster().orElseThrow();
    }
}
