package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read-only connections, lent one query at a time. In WAL mode readers see the last committed transaction and never
 * wait for the writer. Thread-safe: each connection is used by one borrower at a time.
 */
final class ReaderPool implements AutoCloseable {

    /** A read on a borrowed connection. */
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all;
    private final String file;

    ReaderPool(List<Connection> connections, String file) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.file = file;
    }

    <T> T read(Read<T> read) {
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while reading " + file, e, true);
        }
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new ChatException("could not read the database " + file + ": " + e.getMessage(), e,
                    !SqliteErrors.isPermanent(e));
        } catch (ChatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatException("the database " + file + " holds data this server cannot read: "
                    + e.getMessage(), e, false);
        } finally {
            idle.add(c);
        }
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
    }
}
