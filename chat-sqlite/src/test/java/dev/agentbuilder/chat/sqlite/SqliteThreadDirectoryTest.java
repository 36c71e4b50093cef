package dev.agentbuilder.chat.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.ThreadDirectoryContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.io.TempDir;

class SqliteThreadDirectoryTest extends ThreadDirectoryContract {

    /** How the schema stores times: fixed-width ISO-8601 in UTC, which sorts as the times do. */
    static final DateTimeFormatter STORED_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Override
    protected ThreadStore openStore() {
        return SqliteStore.open(dir);
    }

    @Override
    protected boolean durable() {
        return true;
    }

    /** Beside the store, as another connection may: WAL lets it write between the store's transactions. */
    @Override
    protected void setUpdatedAt(ThreadStore store, String threadId, Instant updatedAt) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                PreparedStatement s = c.prepareStatement("UPDATE threads SET updated_at = ? WHERE thread_id = ?")) {
            c.createStatement().execute("PRAGMA busy_timeout = 10000");
            s.setString(1, STORED_TIME.format(updatedAt));
            s.setString(2, threadId);
            assertThat(s.executeUpdate()).as("thread %s is stored", threadId).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
