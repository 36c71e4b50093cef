package dev.agentbuilder.chat.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection and the statements prepared on it, each compiled once for as long as the session lives: preparing
 * costs as much as running most of our statements. A session kept for a connection's life (SQLite's writer and
 * readers) compiles each statement once; one made for a borrowed connection lives for one read or one group commit.
 *
 * <p>Confined to one thread at a time: whoever holds the connection.
 */
public final class Session implements Statements, AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    public Session(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    /** Closes the statements, not the connection. A statement that cannot be closed goes with its connection. */
    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // Closed with the connection, then.
            }
        }
        statements.clear();
    }
}
