package dev.agentbuilder.chat.jdbc;

import java.sql.SQLException;

/** Where a store reads: connections lent one read at a time. Thread-safe. */
public interface Reads {

    /** A read on a lent connection. */
    interface Read<T> {
        T run(Session session) throws SQLException;
    }

    /**
     * Runs {@code read} on a connection of its own. Blocks for as long as the read takes.
     *
     * @throws dev.agentbuilder.chat.core.ChatException when it fails ({@link Database#readFailure})
     */
    <T> T read(Read<T> read);
}
