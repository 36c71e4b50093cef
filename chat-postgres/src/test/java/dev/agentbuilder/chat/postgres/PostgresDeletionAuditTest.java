package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.store.DeletionAuditContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

class PostgresDeletionAuditTest extends DeletionAuditContract {

    private final String url = PostgresServer.shared().createDatabase();

    @Override
    protected ThreadStore openStore() {
        return PostgresStore.open(url, null, "node-audit", Duration.ofSeconds(30));
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Every table of the public schema but Flyway's history of migrations. */
    @Override
    protected List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                  AND table_name <> 'flyway_schema_history'
                ORDER BY table_name""")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }
}
