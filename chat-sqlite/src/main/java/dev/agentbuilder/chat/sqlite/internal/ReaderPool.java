package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read-only connections, lent one query at a time. In WAL mode readers see the last committed transaction and never
 * wait for the writer. Thread-safe: each connection, and its cached statements, is used by one borrower at a time.
 */
final class ReaderPool implements AutoCloseable {

    /** A read on a borrowed connection. */
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all;
    private final String file;
    /** Each connection's prepared statements, used only by the connection's borrower: compiling one costs more than most reads. */
    private final Map<Connection, Map<String, PreparedStatement>> statements = new IdentityHashMap<>();

    ReaderPool(List<Connection> connections, String file) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
        this.file = file;
        for (Connection c : all) {
            statements.put(c, new HashMap<>());
        }
    }

    /**
     * The statement for {@code sql} on a borrowed connection, compiled once for the connection's life. The caller
     * closes its result sets, not the statement.
     */
    PreparedStatement prepare(Connection borrowed, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = statements.get(borrowed);
        PreparedStatement statement = cache.get(sql);
        if (statement == null) {
            statement = borrowed.prepareStatement(sql);
            cache.put(sql, statement);
        }
        return statement;
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
                for (PreparedStatement statement : statements.get(c).values()) {
                    statement.close();
                }
                c.close();
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
    }
}
