package dev.agentbuilder.chat.core.internal.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves WAL checkpoints off the commit path. By default SQLite checkpoints inside the commit that fills the WAL,
 * so one unlucky commit (and everyone waiting on it) pays for copying the whole WAL into the database. The writer
 * connection has automatic checkpoints off, and this thread runs passive checkpoints on its own connection, which
 * never block the writer. Its connection is confined to its thread ({@code sqlite-checkpoint}).
 */
final class Checkpointer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    static final long INTERVAL_MS = 500;

    private final Connection connection;
    private final String file;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sqlite-checkpoint");
        t.setDaemon(true);
        return t;
    });

    Checkpointer(Connection connection, String file) {
        this.connection = connection;
        this.file = file;
        thread.scheduleWithFixedDelay(() -> checkpoint("PASSIVE"), INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void checkpoint(String mode) {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(" + mode + ")");
        } catch (SQLException e) {
            log.warn("checkpoint of {} failed: {}", file, e.getMessage());
        }
    }

    /** Runs a last, full checkpoint (the writer has stopped by then) so the WAL file is emptied, then closes. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint("TRUNCATE");
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the checkpoint connection of {} failed", file, e);
        }
    }
}
