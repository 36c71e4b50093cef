package dev.agentbuilder.chat.core;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Where a user stands against the daily token budget: the tokens their turns used on the current UTC day, across all
 * the threads they own, the budget, and when the count starts again from zero (the next UTC midnight). A budget is
 * per calendar day, not a rolling window, so every node and every client agrees on it from the date alone.
 *
 * @param used     the tokens (input plus output) that the day's stored replies used
 * @param limit    the tokens each user may use per day
 * @param renewsAt the next UTC midnight
 */
public record TokenQuota(long used, long limit, Instant renewsAt) {

    public TokenQuota {
        Objects.requireNonNull(renewsAt, "renewsAt");
        if (used < 0 || limit < 1) {
            throw new IllegalArgumentException("used must be >= 0 and limit >= 1: " + used + ", " + limit);
        }
    }

    /** Whether the day's tokens are spent: a new turn is refused (a running one finishes). */
    public boolean spent() {
        return used >= limit;
    }

    /** The UTC day {@code clock} is in now: the day whose tokens count. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The UTC day a reply stored at {@code at} counts against. */
    public static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The quota of a user who used {@code used} tokens on {@code day}, with the next day's start as its renewal. */
    public static TokenQuota of(long used, long limit, LocalDate day) {
        return new TokenQuota(used, limit, day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
