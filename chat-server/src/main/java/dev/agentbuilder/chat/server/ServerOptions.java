package dev.agentbuilder.chat.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the WebSocket server listens. Immutable; start from {@link #defaults()} and change what you need.
 *
 * @param host                  the address to bind, for example {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port                  the port, 0 for any free one
 * @param maxFrameBytes         the largest inbound frame; a larger one closes the connection with 1009
 * @param backlog               the listen backlog, sized for bursts of connects
 * @param connectionLostTimeout a connection that answers no ping within this time is closed; zero disables it
 * @param shutdownDrain         on stop, how long running turns may take to finish before they are stopped
 */
public record ServerOptions(
        String host,
        int port,
        int maxFrameBytes,
        int backlog,
        Duration connectionLostTimeout,
        Duration shutdownDrain) {

    public ServerOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        if (maxFrameBytes < 1_024) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 1024: " + maxFrameBytes);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1: " + backlog);
        }
        Objects.requireNonNull(connectionLostTimeout, "connectionLostTimeout");
        if (connectionLostTimeout.isNegative()) {
            throw new IllegalArgumentException("connectionLostTimeout must be >= 0: " + connectionLostTimeout);
        }
        Objects.requireNonNull(shutdownDrain, "shutdownDrain");
        if (shutdownDrain.isNegative()) {
            throw new IllegalArgumentException("shutdownDrain must be >= 0: " + shutdownDrain);
        }
    }

    /** Port 3004 on every interface, 64 KiB frames, backlog 1024, 30 s connection-lost timeout, 10 s drain. */
    public static ServerOptions defaults() {
        return new ServerOptions("0.0.0.0", 3004, 64 * 1024, 1_024, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public ServerOptions withHost(String newHost) {
        return new ServerOptions(newHost, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain);
    }

    public ServerOptions withPort(int newPort) {
        return new ServerOptions(host, newPort, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain);
    }

    public ServerOptions withMaxFrameBytes(int newMaxFrameBytes) {
        return new ServerOptions(host, port, newMaxFrameBytes, backlog, connectionLostTimeout, shutdownDrain);
    }

    public ServerOptions withBacklog(int newBacklog) {
        return new ServerOptions(host, port, maxFrameBytes, newBacklog, connectionLostTimeout, shutdownDrain);
    }

    public ServerOptions withConnectionLostTimeout(Duration timeout) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, timeout, shutdownDrain);
    }

    public ServerOptions withShutdownDrain(Duration drain) {
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, drain);
    }
}
