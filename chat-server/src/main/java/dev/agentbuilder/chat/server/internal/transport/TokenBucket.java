package dev.agentbuilder.chat.server.internal.transport;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code perSecond}; each allowed event takes one.
 *
 * <p>Thread-safe: guarded by {@code this} (one connection's frames arrive on one worker, so it is never contended).
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, double burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** Takes a token if one is there. */
    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
