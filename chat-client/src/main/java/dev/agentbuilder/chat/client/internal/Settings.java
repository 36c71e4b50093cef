package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ChatClientListener;
import dev.agentbuilder.chat.common.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Everything a client was built with, checked. Immutable.
 *
 * @param tokens       asked before every attempt; null, or a supplier that returns null, for no token
 * @param resumeFrom   the {@code lastSeq} of the first connection
 * @param pingInterval zero for no heartbeat
 * @param reconnect    false: the first close or failure stops the client
 */
public record Settings(Endpoint endpoint, Supplier<String> tokens, long resumeFrom, Backoff backoff,
        Duration connectTimeout, Duration readyTimeout, Duration pingInterval, Duration pongTimeout, int outboxLimit,
        int maxMessageChars, RandomGenerator random, boolean reconnect, List<ChatClientListener> listeners) {

    public Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(random, "random");
        if (resumeFrom < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + resumeFrom);
        }
        positive("connectTimeout", connectTimeout);
        positive("readyTimeout", readyTimeout);
        positive("pongTimeout", pongTimeout);
        if (Objects.requireNonNull(pingInterval, "pingInterval").isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative: " + pingInterval);
        }
        if (outboxLimit < 1) {
            throw new IllegalArgumentException("outboxLimit must be at least 1: " + outboxLimit);
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("maxMessageChars must be at least 1: " + maxMessageChars);
        }
        listeners = List.copyOf(listeners);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
