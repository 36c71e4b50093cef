package dev.agentbuilder.chat.sqlite;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.DeletionAuditContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeletionAuditTest extends DeletionAuditContract {

    @TempDir
    Path dir;

    @Override
    protected ThreadStore openStore() {
        return SqliteStore.open(dir);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
    }

    /** Every table but SQLite's own ({@code sqlite_sequence}, {@code sqlite_stat1}). */
    @Override
    protected List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }
}
