package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.jdbc.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * SQLite's SQL: times as ISO-8601 text in UTC with exactly three decimals ({@code 2026-03-01T10:00:00.120Z}), which
 * sorts as the times do, so that {@code updated_at} can be compared and indexed as text; JSON through the json1
 * functions. Stateless.
 */
final class SqliteSql implements SqlDialect {

    static final SqliteSql INSTANCE = new SqliteSql();

    /** Fixed width: {@link Instant#toString} drops zero decimals ({@code 10:00:00Z}), and would sort wrongly. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SqliteSql() {
    }

    /** A time as SQLite's schema stores it, cut to the millisecond. */
    static String format(Instant time) {
        return TIME.format(time.truncatedTo(ChronoUnit.MILLIS));
    }

    /** A time as stored: in the fixed form, or as {@link Instant#toString} wrote it before schema version 3. */
    static Instant parse(String text) {
        return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setString(index, format(time));
    }

    @Override
    public Instant readTime(ResultSet row, int column) throws SQLException {
        return parse(row.getString(column));
    }

    /** The system clock, which is also the JVM's: SQLite runs in this process. Its 'now' holds still for a statement. */
    @Override
    public String now() {
        return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    }

    /** The modifier takes seconds with decimals: {@code '0.25 seconds'}. */
    @Override
    public String nowPlusMillis() {
        return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (? / 1000.0) || ' seconds')";
    }

    @Override
    public String later(String a, String b) {
        return "max(" + a + ", " + b + ")";
    }

    @Override
    public String jsonLong(String column, String field) {
        return "json_extract(" + column + ", '$." + field + "')";
    }
}
