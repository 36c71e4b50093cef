package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.jdbc.Database;
import dev.agentbuilder.chat.jdbc.Reads;
import dev.agentbuilder.chat.jdbc.Session;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read-only connections, lent one read at a time, each with the statements compiled on it for its life: compiling
 * one costs more than most reads. In WAL mode readers see the last committed transaction and never wait for the
 * writer.
 *
 * <p>Thread-safe: each session (its connection and statements) is used by one borrower at a time.
 */
final class ReaderPool implements Reads, AutoCloseable {

    private final BlockingQueue<Session> idle;
    private final List<Session> all;
    private final Database database;

    ReaderPool(List<Connection> connections, Database database) {
        List<Session> sessions = new ArrayList<>();
        connections.forEach(c -> sessions.add(new Session(c)));
        this.all = List.copyOf(sessions);
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
        this.database = database;
    }

    @Override
    public <T> T read(Read<T> read) {
        Session session;
        try {
            session = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted while reading " + database.name(), e, true);
        }
        try {
            return read.run(session);
        } catch (SQLException | RuntimeException e) {
            throw database.readFailure(e);
        } finally {
            idle.add(session);
        }
    }

    @Override
    public void close() {
        for (Session session : all) {
            session.close();
            try {
                session.connection().close();
            } catch (SQLException e) {
                // Closing anyway.
            }
        }
    }
}
