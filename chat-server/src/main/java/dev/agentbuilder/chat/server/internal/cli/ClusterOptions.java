package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * chat-server's options for running as one of several nodes on a shared store: the bus that carries events between
 * them, this node's name, and the lease a node holds on a running turn.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class ClusterOptions {

    /** How events reach the members on every node. */
    public enum BusKind { local, redis, postgres }

    @Option(names = "--bus", order = 8, defaultValue = "${env:CHAT_BUS}",
            description = "How events reach clients on other nodes: redis (with --redis-url), postgres "
                    + "(LISTEN/NOTIFY on the store's database: stored events only, no live deltas across nodes) or "
                    + "local (one node). Default: redis with --store postgres and a --redis-url, postgres with "
                    + "--store postgres alone, otherwise local (env CHAT_BUS).")
    BusKind bus;

    @Option(names = "--redis-url", order = 9, defaultValue = "${env:CHAT_REDIS_URL}",
            description = "The Redis of --bus redis: redis://HOST:PORT, or redis://:PASSWORD@HOST:PORT (env "
                    + "CHAT_REDIS_URL).")
    String redisUrl;

    @Option(names = "--node-id", order = 10, defaultValue = "${env:CHAT_NODE_ID}",
            description = "This node's name in the turn leases it takes; default HOST:PID (env CHAT_NODE_ID).")
    String nodeId;

    @Option(names = "--turn-lease", order = 11,
            defaultValue = "${env:CHAT_TURN_LEASE:-" + ServerDefaults.TURN_LEASE_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "With --store postgres: how long a node's hold on a running turn lasts without renewal; "
                    + "another node answers the thread of a node that died after this (env CHAT_TURN_LEASE).")
    Duration turnLease;
}
