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

class PostgresThreadDirectoryTest extends ThreadDirectoryContract {

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
}
