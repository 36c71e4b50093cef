package dev.agentbuilder.chat.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentbuilder.chat.core.ChatException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.postgresql.Driver;

/** How the store gets its database: the connection pool and its session settings, and the schema by Flyway. Stateless. */
final class PgSetup {

    private PgSetup() {
    }

    /**
     * The store's pool of {@code size} connections, on which the schema is already created or upgraded. Blocks while
     * it connects and migrates.
     *
     * @throws ChatException naming the database (never the password) when it cannot be reached or used
     */
    static HikariDataSource open(String jdbcUrl, String password, int size) {
        String database = describe(jdbcUrl);
        HikariConfig config = config(jdbcUrl, password);
        config.setPoolName("chat-postgres");
        config.setMaximumPoolSize(size);
        // A database that stops answering without closing the connection (frozen, or cut off by the network): a
        // statement gives up after 30 s rather than hold its writer strand, and the threads behind it, for ever.
        // Parameters in the URL win over these.
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A stalled node must not hold a thread's row lock for long, nor wait for one for ever. Our transactions
        // never wait between statements (no model call, no client, runs inside one), so a transaction idle for a
        // second belongs to a node that is paused or cut off: the server ends it, and its locks, well within a turn
        // lease, and the node's turn is fenced out when it wakes.
        config.setConnectionInitSql("SET lock_timeout = '5s'; SET idle_in_transaction_session_timeout = '1s'");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ChatException("cannot reach the database " + database + ": " + PgErrors.describe(rootCause(e)),
                    e, false);
        }
        try {
            migrate(jdbcUrl, password);
        } catch (FlywayException | ChatException e) {
            dataSource.close();
            throw new ChatException("cannot use the database " + database + ": " + PgErrors.describe(e), e, false);
        }
        return dataSource;
    }

    private static HikariConfig config(String jdbcUrl, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (password != null) {
            config.setPassword(password);
        }
        config.setConnectionTimeout(5_000);
        return config;
    }

    /**
     * Creates or upgrades the schema; refuses a database that a newer server upgraded. On connections of its own,
     * without the pool's session settings: nodes starting together wait for each other's migration in an open
     * transaction (Flyway's advisory lock), which the pool's idle-transaction timeout would end.
     */
    private static void migrate(String jdbcUrl, String password) {
        HikariConfig config = config(jdbcUrl, password);
        config.setPoolName("chat-postgres-migration");
        config.setMaximumPoolSize(2);
        try (HikariDataSource migrations = new HikariDataSource(config)) {
            migrate(migrations);
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:dev/agentbuilder/chat/postgres/migration")
                .load();
        MigrationInfoService info = flyway.info();
        for (MigrationInfo applied : info.applied()) {
            MigrationState state = applied.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                throw new ChatException("it has schema version " + applied.getVersion() + ", newer than this server "
                        + "understands; upgrade the server", false);
            }
        }
        flyway.migrate();
    }

    /** HOST:PORT/DB of a JDBC URL: what messages name, without the user or password. */
    static String describe(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, null);
        if (p == null) {
            throw new ChatException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB): "
                    + jdbcUrl.replaceAll("\\?.*", "?..."), false);
        }
        return p.getProperty("PGHOST") + ":" + p.getProperty("PGPORT") + "/" + p.getProperty("PGDBNAME");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
