package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.common.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How a client connects, checked: what every client's {@link ReconnectingSession} needs, whatever its connections
 * carry. Immutable.
 *
 * @param tokens       asked before every attempt; null, or a supplier that returns null, for no token
 * @param readyTimeout how long an attempt may take until its connection joined
 * @param pingInterval zero for no heartbeat
 * @param reconnect    false: the first close or failure stops the client
 */
public record Settings(Endpoint endpoint, Supplier<String> tokens, Backoff backoff, Duration connectTimeout,
        Duration readyTimeout, Duration pingInterval, Duration pongTimeout, RandomGenerator random,
        boolean reconnect) {

    public Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(random, "random");
        positive("connectTimeout", connectTimeout);
        positive("readyTimeout", readyTimeout);
        positive("pongTimeout", pongTimeout);
        if (Objects.requireNonNull(pingInterval, "pingInterval").isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative: " + pingInterval);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
