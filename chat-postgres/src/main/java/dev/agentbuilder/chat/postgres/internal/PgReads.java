package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.core.ChatException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads on a pooled connection in autocommit, their failures as {@link ChatException}s. Thread-safe. */
final class PgReads {

    /** A read on a connection. */
    interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String database;

    PgReads(DataSource dataSource, String database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    /**
     * Runs {@code read}; once more on another connection when the first was found dead (the database restarted
     * since it was last used). Reads change nothing, so running one twice is safe. A connection the pool could not
     * give is not asked for again: the pool has already tried for its whole connection timeout, and asking twice
     * would double the time a client waits for its error while the database is down.
     */
    <T> T read(Read<T> read) {
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                throw failed(e);
            }
            try (c) {
                return read.run(c);
            } catch (SQLException | RuntimeException e) {
                if (e instanceof ChatException chat) {
                    throw chat;
                }
                if (attempt == 1 && PgErrors.isConnectionLost(e)) {
                    PgErrors.dropIdleConnections(dataSource);
                    continue;
                }
                throw failed(e);
            }
        }
    }

    private ChatException failed(Exception e) {
        return new ChatException("could not read from the database " + database + ": " + PgErrors.describe(e), e,
                PgErrors.isTransient(e));
    }
}
