package dev.agentbuilder.chat.sqlite.internal;

import dev.agentbuilder.chat.jdbc.Database;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A SQLite database file, as its failures are reported: only a file that is corrupt, not a database, read-only or
 * not openable is a failure that retrying cannot mend. Its connections are its own, to a file: never lost.
 * Stateless.
 */
record SqliteDatabase(String name) implements Database {

    @Override
    public boolean isTransient(Throwable e) {
        return !(e instanceof SQLException sql && isPermanent(sql));
    }

    @Override
    public boolean isConnectionLost(Throwable e) {
        return false;
    }

    @Override
    public void dropIdleConnections() {
        // No pool.
    }

    private static boolean isPermanent(SQLException e) {
        if (!(e instanceof SQLiteException sqlite)) {
            return false;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CORRUPT
                || code == SQLiteErrorCode.SQLITE_NOTADB
                || code == SQLiteErrorCode.SQLITE_READONLY
                || code == SQLiteErrorCode.SQLITE_CANTOPEN
                || code == SQLiteErrorCode.SQLITE_PERM;
    }
}
