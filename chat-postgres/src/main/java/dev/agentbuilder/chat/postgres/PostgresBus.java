package dev.agentbuilder.chat.postgres;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.postgres.internal.PgNotifyBus;

/**
 * A {@link ThreadBus} across nodes for those who run PostgreSQL and no Redis: LISTEN/NOTIFY on the database the
 * nodes already share. A notification carries only the thread and the seq of a stored event ({@code NOTIFY}
 * payloads are small, and every NOTIFY is serialised at commit), and each receiving node reads the event from the
 * store.
 *
 * <p>So of a thread's events only the stored ones (messages, drafts) cross nodes: live events (status, reply deltas,
 * failed turns) reach the subscribers of this node only. With this bus, a client connected to another node than the
 * one running a turn sees the stored reply when it is complete, not the reply streaming in. Listing changes cross
 * nodes whole, on a channel of their own ({@code chat_threads}). After the listening connection was lost and is back,
 * the bus calls its {@link ThreadBus#onResubscribed} listeners so that subscribers catch up from the store.
 *
 * <pre>{@code
 * ThreadStore store = PostgresStore.open(url, password, nodeId, Duration.ofSeconds(10));
 * ThreadBus bus = PostgresBus.connect(url, password, store);
 * }</pre>
 */
public final class PostgresBus {

    private PostgresBus() {
    }

    /**
     * Opens its two connections (one that listens, one that notifies; neither from the store's pool) and starts
     * listening. Blocks until it does.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://HOST:PORT/DB?user=U}: the store's database
     * @param password the password, or null to use the URL's (or none)
     * @param store    where received notifications are read from: the store on the same database
     * @throws dev.agentbuilder.chat.core.ChatException naming the database (HOST:PORT/DB, never the password) when it
     *                                                  cannot be reached
     */
    public static ThreadBus connect(String jdbcUrl, String password, ThreadStore store) {
        return PgNotifyBus.connect(jdbcUrl, password, store);
    }
}
