package dev.agentbuilder.chat.sqlite;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.sqlite.internal.SqliteThreadStore;
import java.nio.file.Path;

/**
 * The durable {@link ThreadStore}: every thread in one SQLite database, {@code chat.db} (WAL mode,
 * {@code synchronous=FULL}), written through one writer with group commit. chat-server's default; an embedder adds
 * this module to keep threads across restarts:
 *
 * <pre>{@code
 * ChatEngine engine = ChatEngine.builder().model(model).store(SqliteStore.open(Path.of("data"))).build();
 * }</pre>
 */
public final class SqliteStore {

    private SqliteStore() {
    }

    /**
     * Opens {@code dataDir/chat.db}, creating the directory and the database when missing and upgrading an older
     * schema in place. Blocks while it does. Only one process may use a data directory at a time.
     *
     * @throws dev.agentbuilder.chat.core.ChatException naming the file, when it cannot be created, opened, read or
     *                                                  written, was written by a newer version, or is in use by
     *                                                  another process
     */
    public static ThreadStore open(Path dataDir) {
        return SqliteThreadStore.open(dataDir, 0);
    }

    /** {@link #open(Path)} with a size limit: past it, writes fail as on a full disk. */
    public static ThreadStore open(Path dataDir, long maxDatabaseBytes) {
        if (maxDatabaseBytes < 0) {
            throw new IllegalArgumentException("maxDatabaseBytes must be >= 0: " + maxDatabaseBytes);
        }
        return SqliteThreadStore.open(dataDir, maxDatabaseBytes);
    }
}
