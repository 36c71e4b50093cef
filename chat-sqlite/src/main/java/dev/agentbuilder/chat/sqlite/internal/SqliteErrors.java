package dev.agentbuilder.chat.sqlite.internal;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Tells the SQLite failures that retrying cannot mend from those it might. */
final class SqliteErrors {

    private SqliteErrors() {
    }

    static boolean isPermanent(SQLException e) {
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
