package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.jdbc.Reads;
import dev.agentbuilder.chat.jdbc.Session;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads on a pooled connection in autocommit, their failures as {@link ChatException}s. A read's statements live as
 * long as the read. Stateless beyond the pool; thread-safe.
 */
final class PgReads implements Reads {

    private final PgDatabase database;

    PgReads(PgDatabase database) {
        this.database = database;
    }

    /**
     * Runs {@code read}; once more on another connection when the first was found dead (the database restarted
     * since it was last used). Reads change nothing, so running one twice is safe. A connection the pool could not
     * give is not asked for again: the pool has already tried for its whole connection timeout, and asking twice
     * would double the time a client waits for its error while the database is down.
     */
    @Override
    public <T> T read(Read<T> read) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = database.pool().getConnection();
            } catch (SQLException e) {
                throw database.readFailure(e);
            }
            try (c; Session session = new Session(c)) {
                return read.run(session);
            } catch (SQLException | RuntimeException e) {
                if (e instanceof ChatException chat) {
                    throw chat;
                }
                if (attempt == 1 && database.isConnectionLost(e)) {
                    database.dropIdleConnections();
                    continue;
                }
                throw database.readFailure(e);
            }
        }
    }
}
