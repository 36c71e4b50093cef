package dev.agentbuilder.chat.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.ThreadDirectoryContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PostgresThreadDirectoryTest extends ThreadDirectoryContract {

    /** The advisory lock of the node answering which threads are idle (PgThreadStore.IDLE_LOCK, "chatidle"). */
    private static final long IDLE_LOCK = 0x63686174_69646c65L;

    private String url;

    @Override
    protected ThreadStore openStore() {
        if (url == null) {
            url = PostgresServer.shared().createDatabase();
        }
        return PostgresStore.open(url, null, "node-directory", Duration.ofSeconds(30));
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected void setUpdatedAt(ThreadStore store, String threadId, Instant updatedAt) {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement("UPDATE threads SET updated_at = ? WHERE thread_id = ?")) {
            s.setObject(1, OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
            s.setString(2, threadId);
            assertThat(s.executeUpdate()).as("thread %s is stored", threadId).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whileAnotherNodeReadsWhichThreadsAreIdleThisOneIsToldNone() throws SQLException {
        ThreadStore store = store();
        thread(store, "t1", "hello");
        setUpdatedAt(store, "t1", Instant.parse("2020-01-01T00:00:00Z"));
        Instant now = Instant.now();

        try (Connection other = DriverManager.getConnection(url)) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, IDLE_LOCK);
                lock.execute();
            }
            assertThat(store.directory().idleSince(now, 10)).isEmpty();
            other.rollback();
        }
        assertThat(store.directory().idleSince(now, 10)).containsExactly("t1");
    }
}
