package dev.agentbuilder.chat.cli.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: before retry {@code n} (0 for the first retry), wait a random time between
 * zero and {@code min(cap, base * 2^n)}. Immutable.
 */
record Backoff(Duration base, Duration cap) {

    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

    Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("the backoff base must be more than zero: " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("the backoff cap must be at least the base: " + cap + " < " + base);
        }
    }

    /** The longest wait before retry {@code retry}: {@code min(cap, base * 2^retry)}. */
    Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0: " + retry);
        }
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        int shift = Math.min(retry, 40);
        long ceiling = baseMillis > (capMillis >> shift) ? capMillis : Math.min(capMillis, baseMillis << shift);
        return Duration.ofMillis(ceiling);
    }

    /** A random wait before retry {@code retry}, uniformly between zero and {@link #ceiling}. */
    Duration delay(int retry, RandomGenerator random) {
        return Duration.ofMillis(random.nextLong(ceiling(retry).toMillis() + 1));
    }
}
