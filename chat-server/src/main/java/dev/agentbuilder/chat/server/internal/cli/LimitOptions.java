package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.ServerOptions;
import picocli.CommandLine.Option;

/**
 * chat-server's options for how much one client may ask of the server: connections, message and frame rates, and
 * the bytes that may wait for a client that does not read.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class LimitOptions {

    @Option(names = "--max-connections", order = 24,
            defaultValue = "${env:CHAT_MAX_CONNECTIONS:-" + ServerDefaults.MAX_CONNECTIONS + "}",
            description = "Open connections in total; more are closed with 4429 (env CHAT_MAX_CONNECTIONS).")
    int maxConnections;

    @Option(names = "--max-connections-per-user", order = 25, defaultValue = "${env:CHAT_MAX_CONNECTIONS_PER_USER:-"
                    + ServerDefaults.MAX_CONNECTIONS_PER_USER + "}",
            description = "Open connections per userId; more are closed with 4429 (env "
                    + "CHAT_MAX_CONNECTIONS_PER_USER).")
    int maxConnectionsPerUser;

    @Option(names = "--messages-per-second", order = 26,
            defaultValue = "${env:CHAT_MESSAGES_PER_SECOND:-" + ServerDefaults.MESSAGES_PER_SECOND + "}",
            description = "Sustained user messages per second per connection; faster ones get rate_limited and are "
                    + "not stored (env CHAT_MESSAGES_PER_SECOND).")
    double messagesPerSecond;

    @Option(names = "--message-burst", order = 27,
            defaultValue = "${env:CHAT_MESSAGE_BURST:-" + ServerDefaults.MESSAGE_BURST + "}",
            description = "User messages a connection may send at once before the rate applies (env "
                    + "CHAT_MESSAGE_BURST).")
    int messageBurst;

    @Option(names = "--frames-per-second", order = 28,
            defaultValue = "${env:CHAT_FRAMES_PER_SECOND:-" + ServerDefaults.FRAMES_PER_SECOND + "}",
            description = "Sustained inbound frames per second per connection, pings included, with bursts of twice "
                    + "that; a faster connection is closed with 4429 (env CHAT_FRAMES_PER_SECOND).")
    double framesPerSecond;

    @Option(names = "--max-pending-bytes", order = 29,
            defaultValue = "${env:CHAT_MAX_PENDING_BYTES:-" + ServerDefaults.MAX_PENDING_BYTES + "}",
            description = "Outbound bytes that may wait for a client that does not read; past this the connection "
                    + "is closed (1008) (env CHAT_MAX_PENDING_BYTES).")
    long maxPendingBytes;

    /**
     * The limits.
     *
     * @throws IllegalArgumentException for a value out of range, naming it
     */
    public ServerOptions.Limits limits() {
        return new ServerOptions.Limits(maxConnections, maxConnectionsPerUser, messagesPerSecond, messageBurst,
                framesPerSecond, maxPendingBytes);
    }
}
