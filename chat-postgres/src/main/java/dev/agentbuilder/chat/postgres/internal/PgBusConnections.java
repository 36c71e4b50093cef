package dev.agentbuilder.chat.postgres.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the bus's own connections, outside the store's pool: a LISTEN belongs to one session, and a pool would hand
 * that session to someone else. Immutable.
 */
final class PgBusConnections {

    /** The NOTIFY channel of stored events, every node's. */
    static final String EVENTS = "chat_events";
    /**
     * The NOTIFY channel of listing changes, every node's. Not {@link #EVENTS}: a node from before listings would read
     * {@code node|kind|user|team:7} there as seq 7 of a thread.
     */
    static final String LISTING = "chat_threads";

    private final String jdbcUrl;
    private final String password;
    private final String database;

    PgBusConnections(String jdbcUrl, String password) {
        this.jdbcUrl = jdbcUrl;
        this.password = password;
        this.database = PgThreadStore.describe(jdbcUrl);
    }

    /** HOST:PORT/DB, for messages. */
    String database() {
        return database;
    }

    /** A new autocommit connection named {@code applicationName} in pg_stat_activity. Blocks up to 5 s. */
    Connection open(String applicationName) throws SQLException {
        Properties p = new Properties();
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "5");
        // A statement on a connection whose peer vanished fails within this, rather than hanging for ever.
        p.setProperty("socketTimeout", "15");
        p.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(jdbcUrl, p);
        c.setAutoCommit(true);
        return c;
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // Already broken: nothing to release.
        }
    }
}
