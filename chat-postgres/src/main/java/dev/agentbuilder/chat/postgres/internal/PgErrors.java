package dev.agentbuilder.chat.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import javax.sql.DataSource;

/** What a database failure means for whoever waits on it. Stateless. */
final class PgErrors {

    private PgErrors() {
    }

    /**
     * Whether trying again later can help: the connection was lost or refused, the server is shutting down or out of
     * resources, a lock or statement timed out, or a transaction was chosen to fail a conflict.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("55P03");
            }
        }
        return false;
    }

    /** Whether the connection itself failed: lost, or closed by the server (a shutdown or restart). */
    static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03");
            }
        }
        return false;
    }

    /**
     * After a lost connection: the pool's idle connections are from before the loss too (a restart of the server
     * ends them all), so they are replaced rather than handed out to fail one by one.
     */
    static void dropIdleConnections(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** The failure in one line. pgjdbc's messages name the server and the statement, never a password. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
