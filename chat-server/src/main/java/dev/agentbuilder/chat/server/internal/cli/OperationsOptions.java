package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.internal.logging.LogFormats;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * chat-server's options for running it: the log format, the admin listener (health, readiness, metrics), and how
 * long a stop lets running turns finish.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class OperationsOptions {

    /** How log lines are written. */
    enum LogFormat { text, json }

    /** Applied by {@link LogFormats#fromArgs} before anything logs; here so that picocli checks and documents it. */
    @Option(names = "--log-format", order = 3,
            defaultValue = "${env:CHAT_LOG_FORMAT:-" + ServerDefaults.LOG_FORMAT + "}",
            description = "Log lines as text, or as one JSON object each, start-up, usage errors and shutdown "
                    + "included (env CHAT_LOG_FORMAT).")
    LogFormat logFormat;

    @Option(names = "--admin-port", order = 4,
            defaultValue = "${env:CHAT_ADMIN_PORT:-" + ServerDefaults.ADMIN_PORT + "}",
            description = "Port of the admin HTTP listener (GET /healthz, /readyz, /metrics); 0 for any free port "
                    + "(env CHAT_ADMIN_PORT).")
    int adminPort;

    @Option(names = "--admin-host", order = 5, defaultValue = "${env:CHAT_ADMIN_HOST}",
            description = "Address the admin listener binds; default: --host (env CHAT_ADMIN_HOST).")
    String adminHost;

    @Option(names = "--shutdown-drain", order = 21,
            defaultValue = "${env:CHAT_SHUTDOWN_DRAIN:-" + ServerDefaults.SHUTDOWN_DRAIN_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "On shutdown, how long running turns may take to finish (env CHAT_SHUTDOWN_DRAIN).")
    Duration shutdownDrain;

    @Option(names = "--warmup", order = 22,
            defaultValue = "${env:CHAT_WARMUP:-" + ServerDefaults.WARMUP_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "Before listening (and before /readyz says ready), drive the server's own hot paths on "
                    + "loopback for at most this long, so that the first storm after a deploy meets compiled code; 0 "
                    + "to skip (env CHAT_WARMUP).")
    Duration warmup;

    public Duration warmup() {
        return warmup;
    }

    /** The admin listener's address: {@code --admin-host}, else the server's. */
    public String adminHost(String serverHost) {
        return adminHost != null ? adminHost : serverHost;
    }

    public int adminPort() {
        return adminPort;
    }

    public Duration shutdownDrain() {
        return shutdownDrain;
    }
}
