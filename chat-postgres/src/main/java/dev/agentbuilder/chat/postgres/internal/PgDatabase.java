package dev.agentbuilder.chat.postgres.internal;

import dev.agentbuilder.chat.jdbc.Database;
import javax.sql.DataSource;

/** The store's database, HOST:PORT/DB, as its failures are reported ({@link PgErrors}). Stateless; thread-safe. */
record PgDatabase(String name, DataSource pool) implements Database {

    @Override
    public boolean isTransient(Throwable e) {
        return PgErrors.isTransient(e);
    }

    @Override
    public boolean isConnectionLost(Throwable e) {
        return PgErrors.isConnectionLost(e);
    }

    @Override
    public void dropIdleConnections() {
        PgErrors.dropIdleConnections(pool);
    }

    @Override
    public String describe(Throwable e) {
        return PgErrors.describe(e);
    }
}
