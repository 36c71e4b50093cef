package dev.agentbuilder.chat.common;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The one retry policy of the project: exponential backoff with "equal jitter". Before retry {@code n} (0 for the
 * first retry) the ceiling is {@code min(max, initial * 2^n)}, and the wait is a random time between half the ceiling
 * and all of it: never zero, so a retry never hammers, and spread, so that many clients dropped by one server restart
 * do not all come back in the same instant.
 *
 * <p>The engine retries model calls with it, the Java client (chat-client) reconnects with {@link #RECONNECT}, and
 * the TypeScript client ({@code @agent-chat/client}) mirrors the formula and those numbers exactly
 * ({@code backoffDelay}); docs/protocol.md ("Reconnecting") gives the table both are tested against. Immutable.
 *
 * @param initial the ceiling of the first retry's wait, zero or more
 * @param max     no wait is longer than this; at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {

    /** How clients reconnect to the chat server: 0.5 s doubling up to 10 s. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("the backoff's initial wait must not be negative: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the backoff's max must be at least its initial wait: " + max + " < "
                    + initial);
        }
    }

    /** The longest wait before retry {@code retry}: {@code min(max, initial * 2^retry)}. */
    public Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0: " + retry);
        }
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        int shift = Math.min(retry, 30);
        return Duration.ofMillis(initialMillis > (maxMillis >> shift) ? maxMillis : initialMillis << shift);
    }

    /** A random wait before retry {@code retry}, between half of {@link #ceiling} and all of it. */
    public Duration delay(int retry, RandomGenerator random) {
        double ceiling = ceiling(retry).toMillis();
        return Duration.ofMillis(Math.round(ceiling / 2 + random.nextDouble() * (ceiling / 2)));
    }
}
