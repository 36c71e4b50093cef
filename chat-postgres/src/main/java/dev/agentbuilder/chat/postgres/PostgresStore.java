package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.postgres.internal.PgThreadStore;
import java.time.Duration;

/**
 * The {@link ThreadStore} for several nodes: every thread in one PostgreSQL database, the source of truth that all
 * nodes share. The schema is created, or upgraded, by Flyway when the store opens.
 *
 * <pre>{@code
 * ThreadStore store = PostgresStore.open("jdbc:postgresql://db:5432/chat?user=chat", System.getenv("PGPASSWORD"));
 * }</pre>
 */
public final class PostgresStore {

    private PostgresStore() {
    }

    /**
     * Connects and brings the schema up to date. Blocks while it does.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://HOST:PORT/DB?user=U}
     * @param password the password, or null to use the URL's (or none)
     * @throws dev.agentbuilder.chat.core.ChatException naming the database (HOST:PORT/DB, never the password) when it
     *                                                  cannot be reached, or was upgraded by a newer server
     */
    public static ThreadStore open(String jdbcUrl, String password) {
        return PgThreadStore.open(jdbcUrl, password);
    }

    /**
     * The turn lease for several nodes on {@code store}'s database: taken in the name of {@code nodeId} for
     * {@code lease} at a time, in the thread's row, judged by the database's clock, with a fencing token that every
     * write of the turn carries. Give it to {@code ChatEngine.builder().turnLock(...)} with the same store.
     *
     * @throws IllegalArgumentException when {@code store} was not opened by {@link #open}, or the lease is under 1 ms
     */
    public static TurnLock turnLock(ThreadStore store, String nodeId, Duration lease) {
        if (!(store instanceof PgThreadStore pg)) {
            throw new IllegalArgumentException("not a PostgreSQL store: " + store);
        }
        return pg.turnLock(nodeId, lease);
    }

    /**
     * HOST:PORT/DB of a JDBC URL, for logs and messages: without its user or password.
     *
     * @throws dev.agentbuilder.chat.core.ChatException when it is not a PostgreSQL JDBC URL
     */
    public static String describe(String jdbcUrl) {
        return PgThreadStore.describe(jdbcUrl);
    }
}
