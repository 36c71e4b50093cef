package dev.agentbuilder.chat.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The WebSocket side's meters: connections, refusals by close code, user messages received, frames sent, slow
 * consumers dropped. No tag names a user or a thread. Thread-safe: Micrometer's meters are.
 */
public final class ServerMeters {

    private final MeterRegistry registry;
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
    }

    /** Gauges read when scraped: open connections, and threads held in memory. */
    public void gauges(Supplier<Number> connections, Supplier<Number> activeThreads) {
        Gauge.builder("chat.connections", connections).description("Open WebSocket connections")
                .register(registry);
        Gauge.builder("chat.threads.active", activeThreads)
                .description("Chat threads held in memory (with members, or in their grace period)")
                .register(registry);
    }

    void messageReceived() {
        messagesReceived.increment();
    }

    void frameSent() {
        framesSent.increment();
    }

    void slowConsumerClosed() {
        slowConsumersClosed.increment();
    }

    /** A connection closed before it joined anything (or at once while draining), with this close code. */
    void connectionRefused(int closeCode) {
        Counter.builder("chat.connections.refused").description("Connections refused, by close code")
                .tag("code", Integer.toString(closeCode)).register(registry).increment();
    }
}
