package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.postgres.internal.PgThreadStore;
import java.time.Duration;

/**
 * The {@link ThreadStore} for several nodes: every thread in one PostgreSQL database, the source of truth that all
 * nodes share. The schema is created, or upgraded, by Flyway when the store opens. It is a cluster store
 * ({@link ThreadStore#cluster}): each node opens it in its own name, and an engine given it runs every turn under the
 * thread's lease in the database, with every write of the turn fenced by the lease's token.
 *
 * <pre>{@code
 * ThreadStore store = PostgresStore.open("jdbc:postgresql://db:5432/chat?user=chat", System.getenv("PGPASSWORD"),
 *         "node-1", Duration.ofSeconds(10));
 * }</pre>
 */
public final class PostgresStore {

    private PostgresStore() {
    }

    /**
     * Connects, creates or upgrades the schema, and gives back the turn leases an earlier run of this node held (a
     * node restarted under a stable name answers its predecessor's turns at once, not a lease later). Blocks while it
     * does.
     *
     * @param jdbcUrl   {@code jdbc:postgresql://HOST:PORT/DB?user=U}
     * @param password  the password, or null to use the URL's (or none)
     * @param nodeId    the name this node takes turn leases in: unique among the live nodes
     * @param turnLease how long a turn lease lasts unless renewed, judged by the database's clock
     * @throws dev.agentbuilder.chat.core.ChatException naming the database (HOST:PORT/DB, never the password) when it
     *                                                  cannot be reached, or was upgraded by a newer server
     * @throws IllegalArgumentException                 for a lease under 1 ms
     */
    public static ThreadStore open(String jdbcUrl, String password, String nodeId, Duration turnLease) {
        return PgThreadStore.open(jdbcUrl, password, nodeId, turnLease);
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
