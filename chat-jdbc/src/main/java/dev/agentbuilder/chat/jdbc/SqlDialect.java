package dev.agentbuilder.chat.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The SQL that {@link EventLog} cannot write the same way on every database. Stateless. */
public interface SqlDialect {

    /** Binds a point in time for a timestamp column, in the form the dialect's schema stores. */
    void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException;

    /** An SQL expression for the integer {@code field} of the JSON object in text column {@code column}. */
    String jsonLong(String column, String field);
}
