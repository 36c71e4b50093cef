package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.TokenQuota;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import dev.agentbuilder.chat.protocol.WireQuota;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The user's tokens today against the server's daily budget, as one thread's connections show them: the quota of
 * the latest {@code ready}, plus the usage of every reply stored after it (its {@code lastSeq}), until a
 * {@code quota_exceeded} refusal gives the server's count again. A reply stored past {@code renewsAt} starts the new
 * day's count. No I/O; each method says whether the quota changed.
 *
 * <p>Confined to the client's thread.
 */
final class QuotaCount {

    private final Clock clock;
    /** Null while the server has said no budget (or nothing yet). */
    private TokenQuota quota;
    /** The thread's last seq at the latest join: the ready's {@code used} counts every reply up to it already. */
    private long countedUpToSeq;

    QuotaCount(Clock clock) {
        this.clock = clock;
    }

    TokenQuota quota() {
        return quota;
    }

    /** A join: the ready's quota, or none when the server has no budget. */
    boolean joined(ServerFrame.Ready ready) {
        countedUpToSeq = ready.lastSeq();
        return set(ready.quota() == null ? null : of(ready.quota()));
    }

    /** An error frame: a {@code quota_exceeded} refusal says the server's count. */
    boolean error(ServerFrame.ErrorFrame error) {
        return ErrorCodes.QUOTA_EXCEEDED.equals(error.code()) && error.quota() != null && set(of(error.quota()));
    }

    /** A stored message, delivered once: a reply stored since the join adds its tokens. */
    boolean stored(ServerFrame.Message message) {
        WireMessage m = message.message();
        if (quota == null || message.seq() <= countedUpToSeq || m == null || !"assistant".equals(m.role())
                || m.usage() == null) {
            return false;
        }
        long tokens = m.usage().inputTokens() + m.usage().outputTokens();
        if (tokens <= 0) {
            return false;
        }
        Instant now = clock.instant();
        return set(now.isBefore(quota.renewsAt()) ? new TokenQuota(quota.used() + tokens, quota.limit(),
                quota.renewsAt()) : new TokenQuota(tokens, quota.limit(), nextMidnight(now)));
    }

    private boolean set(TokenQuota next) {
        if (Objects.equals(next, quota)) {
            return false;
        }
        quota = next;
        return true;
    }

    /** The wire's quota; a {@code renewsAt} that is not an ISO-8601 instant is what it means, the next midnight UTC. */
    private TokenQuota of(WireQuota wire) {
        Instant renewsAt;
        try {
            renewsAt = Instant.parse(wire.renewsAt());
        } catch (DateTimeParseException e) {
            renewsAt = nextMidnight(clock.instant());
        }
        return new TokenQuota(wire.used(), wire.limit(), renewsAt);
    }

    private static Instant nextMidnight(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
