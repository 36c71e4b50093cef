package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.core.ThreadBuses;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.postgres.PostgresBus;
import dev.agentbuilder.chat.postgres.PostgresStore;
import dev.agentbuilder.chat.redis.RedisBus;
import dev.agentbuilder.chat.server.internal.ops.TimedThreadStore;
import dev.agentbuilder.chat.server.internal.cli.ClusterOptions.BusKind;
import dev.agentbuilder.chat.server.internal.cli.StoreOptions.StoreKind;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import picocli.CommandLine;

/**
 * What the engine keeps its threads in and coordinates them with, opened from the store and cluster options: the
 * store (timed), and the bus; a PostgreSQL store brings the lease on running turns (its cluster side). Immutable; the
 * engine closes the store and bus it is given.
 *
 * @param store     the store, its calls timed into the meters
 * @param storeName the store for the start-up line and readiness: kind and where
 * @param bus       how events reach the members on every node
 * @param busKind   which bus that is
 * @param node      this node's name in the turn leases it takes
 */
public record Backends(ThreadStore store, String storeName, ThreadBus bus, BusKind busKind, String node) {

    /**
     * The bus to use, once the store, bus and their URLs are known to fit together.
     *
     * @throws CommandLine.ParameterException when they do not, a usage error of {@code commandLine}
     */
    public static BusKind checkBackends(StoreOptions storeOptions, ClusterOptions cluster, CommandLine commandLine) {
        StoreKind store = storeOptions.store;
        if (store == StoreKind.postgres && (storeOptions.databaseUrl == null || storeOptions.databaseUrl.isBlank())) {
            throw new CommandLine.ParameterException(commandLine,
                    "--store postgres needs --database-url (or env CHAT_DATABASE_URL)");
        }
        boolean haveRedis = cluster.redisUrl != null && !cluster.redisUrl.isBlank();
        BusKind chosen = cluster.bus != null ? cluster.bus
                : store != StoreKind.postgres ? BusKind.local
                : haveRedis ? BusKind.redis : BusKind.postgres;
        if (chosen != BusKind.local && store != StoreKind.postgres) {
            throw new CommandLine.ParameterException(commandLine, "--bus " + chosen + " is for several "
                    + "nodes, which need a store they share: --store postgres (" + store + " is one node's)");
        }
        if (chosen == BusKind.redis && !haveRedis) {
            throw new CommandLine.ParameterException(commandLine,
                    "--bus redis needs --redis-url (or env CHAT_REDIS_URL)");
        }
        if (cluster.turnLease.compareTo(Duration.ofMillis(100)) < 0) {
            throw new CommandLine.ParameterException(commandLine,
                    "--turn-lease must be at least 100ms: " + cluster.turnLease);
        }
        return chosen;
    }

    /**
     * Opens the store (wrapped to time its calls into {@code meters}; with PostgreSQL in this node's name, with its
     * turn lease) and connects the bus. The store is closed again when the bus cannot be connected.
     */
    public static Backends open(StoreOptions storeOptions, ClusterOptions cluster, BusKind busKind,
            MeterRegistry meters) {
        StoreKind store = storeOptions.store;
        String node = cluster.nodeId != null ? cluster.nodeId : defaultNodeId();
        ThreadStore openedStore = switch (store) {
            case sqlite -> SqliteStore.open(storeOptions.dataDir);
            case postgres -> PostgresStore.open(storeOptions.databaseUrl, System.getenv("CHAT_DATABASE_PASSWORD"),
                    node, cluster.turnLease);
            case memory -> ThreadStores.inMemory();
        };
        ThreadStore threadStore = new TimedThreadStore(openedStore, meters);
        String storeName = switch (store) {
            case sqlite -> "sqlite " + storeOptions.dataDir.toAbsolutePath().normalize().resolve("chat.db");
            case postgres -> "postgres " + PostgresStore.describe(storeOptions.databaseUrl);
            case memory -> "memory";
        };
        ThreadBus threadBus;
        try {
            threadBus = switch (busKind) {
                case local -> ThreadBuses.inProcess();
                case redis -> RedisBus.connect(cluster.redisUrl);
                case postgres -> PostgresBus.connect(storeOptions.databaseUrl,
                        System.getenv("CHAT_DATABASE_PASSWORD"), openedStore);
            };
        } catch (RuntimeException e) {
            threadStore.close();
            throw e;
        }
        return new Backends(threadStore, storeName, threadBus, busKind, node);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
