package dev.agentbuilder.chat.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The SQL that {@link EventLog}, {@link ThreadListing} and the knowledge files cannot write the same way on every
 * database. Stateless.
 */
public interface SqlDialect {

    /** Binds a point in time for a timestamp column, in the form the dialect's schema stores. */
    void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException;

    /** Reads a timestamp column as this dialect (or an older version of it) wrote it, to the millisecond. */
    Instant readTime(ResultSet row, int column) throws SQLException;

    /**
     * An SQL expression for the time a write is stored at, by the database's clock, cut to the millisecond (a
     * listing's cursor carries epoch millis), in the form the dialect's schema stores times.
     */
    String now();

    /**
     * An SQL expression for the database's clock (as {@link #now}) plus a number of milliseconds, its one parameter
     * (bound with {@code setLong}): when a claim made now ends.
     */
    String nowPlusMillis();

    /** An SQL expression for the later of two times. */
    String later(String a, String b);

    /** An SQL expression for the integer {@code field} of the JSON object in text column {@code column}. */
    String jsonLong(String column, String field);
}
