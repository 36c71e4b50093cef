package dev.agentbuilder.chat.server.internal.ops;

import dev.agentbuilder.chat.protocol.CloseCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The WebSocket side's meters: connections, refusals by close code, user messages received, frames sent, slow
 * consumers dropped. No tag names a user or a thread. Every refusal code is registered at 0 from the start: a series
 * that appears at its first event hides that event from Prometheus's {@code rate()} and {@code increase()}.
 *
 * <p>Thread-safe: the refusal counters are set in the constructor and only read after; Micrometer's meters are
 * thread-safe.
 */
public final class ServerMeters {

    /** The close codes {@link WsEndpoint} refuses connections with: draining, then each check of the handshake. */
    private static final List<Integer> REFUSAL_CODES = List.of(CloseCodes.GOING_AWAY, CloseCodes.FORBIDDEN,
            CloseCodes.INVALID_REQUEST, CloseCodes.UNAUTHORIZED, CloseCodes.TOO_MANY);

    private final MeterRegistry registry;
    private final Map<Integer, Counter> refused;
    private final Counter messagesReceived;
    private final Counter framesSent;
    private final Counter slowConsumersClosed;

    public ServerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.messagesReceived = Counter.builder("chat.messages.received")
                .description("User messages received (before any check)").register(registry);
        this.framesSent = Counter.builder("chat.frames.sent")
                .description("Frames queued for clients").register(registry);
        this.slowConsumersClosed = Counter.builder("chat.slow.consumers.closed")
                .description("Connections dropped because their client did not read").register(registry);
        Map<Integer, Counter> counters = new HashMap<>();
        REFUSAL_CODES.forEach(code -> counters.put(code, refusedCounter(code)));
        this.refused = Map.copyOf(counters);
    }

    /** Gauges read when scraped: open connections, and threads held in memory. */
    public void gauges(Supplier<Number> connections, Supplier<Number> activeThreads) {
        Gauge.builder("chat.connections", connections).description("Open WebSocket connections")
                .register(registry);
        Gauge.builder("chat.threads.active", activeThreads)
                .description("Chat threads held in memory (with members, or in their grace period)")
                .register(registry);
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void frameSent() {
        framesSent.increment();
    }

    public void slowConsumerClosed() {
        slowConsumersClosed.increment();
    }

    /** A connection closed before it joined anything (or at once while draining), with this close code. */
    public void connectionRefused(int closeCode) {
        Counter counter = refused.get(closeCode);
        (counter != null ? counter : refusedCounter(closeCode)).increment();
    }

    private Counter refusedCounter(int closeCode) {
        return Counter.builder("chat.connections.refused").description("Connections refused, by close code")
                .tag("code", Integer.toString(closeCode)).register(registry);
    }
}
