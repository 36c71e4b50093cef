package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.core.spi.TurnWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The turn lease this node holds on one thread, if any: taking it (tries that back off while another node holds it),
 * renewing it while a turn runs, judging by this node's own clock when it may have lapsed, and giving it back. The
 * lease itself is judged by the store; this node's clock is only ever used to stop early, never to hold on longer.
 *
 * <p>Confined to the session's executor. {@link TurnQueue} is told, through {@link Loss}, when the lease is lost.
 */
final class TurnLease {

    /** What the lease's holder does when the lease is lost while a turn runs. */
    interface Loss {
        /** Another node took the lease: the store refused this node's token. */
        void takenOver();

        /** The store could not be reached for so long that another node may hold the lease by now. */
        void unsure(ChatException cause);
    }

    private static final Logger log = LoggerFactory.getLogger(TurnLease.class);
    /** The first wait before trying for a lease another node holds again; it doubles up to the renewal interval. */
    static final Duration RETRY = Duration.ofMillis(100);

    private final String threadId;
    private final TurnLock lock;
    private final ThreadStore store;
    private final Scheduler scheduler;
    private final Loss loss;
    private TurnLock.Lease lease;
    /** The writes of the held lease's turn: fenced with its token. */
    private TurnWriter writer;
    private ScheduledFuture<?> renewal;
    /**
     * Which renewal is current: a renewal already queued on the executor when it was cancelled (cancelling cannot
     * reach it there) finds the generation moved on and does nothing, so only one chain of renewals ever runs.
     */
    private long generation;
    /** By this node's monotonic clock, when the lease may have lapsed: two renewal intervals after it was renewed. */
    private long sureUntilNanos;
    /** The token of the lease this node last gave back; -1 when it has none, or lost one. */
    private long lastToken = -1;
    /** How long to wait before trying for the lease again after it was refused; doubles while it is. */
    private Duration retry = RETRY;

    TurnLease(String threadId, TurnLock lock, ThreadStore store, Scheduler scheduler, Loss loss) {
        this.threadId = threadId;
        this.lock = lock;
        this.store = store;
        this.scheduler = scheduler;
        this.loss = loss;
    }

    boolean held() {
        return lease != null;
    }

    /** The fencing token of the held lease, which the running turn's deltas carry: 0 in one process, or unheld. */
    long token() {
        return lease == null ? 0 : lease.token();
    }

    /** The writes of the running turn: the only way to store its outcome, fenced with the lease's token. */
    TurnWriter writer() {
        return writer;
    }

    /**
     * Takes the lease; false when another node holds it or the store cannot say, and {@code then} runs again later.
     * The holder answers what waits once its turn ends; the try again is for the moment it gave the lease back just
     * before this node's message was stored. Backing off keeps a long turn elsewhere from costing an update every
     * 100 ms; the sweep covers the rest.
     */
    boolean acquire(Runnable then) {
        Optional<TurnLock.Lease> acquired;
        try {
            acquired = lock.tryAcquire(threadId);
        } catch (ChatException e) {
            log.warn("could not take the turn lease of thread {}", threadId, e);
            acquired = Optional.empty();
        }
        if (acquired.isEmpty()) {
            scheduler.schedule(then, retry);
            Duration longest = max(RETRY, lock.renewalInterval());
            retry = retry.multipliedBy(2).compareTo(longest) < 0 ? retry.multipliedBy(2) : longest;
            return false;
        }
        retry = RETRY;
        lease = acquired.get();
        writer = store.turnWriter(lease);
        renewed();
        return true;
    }

    /**
     * Whether another node held the lease since this node last did (or this node never did): what it wrote, this node
     * has not seen. Tokens rise by one per acquisition, so the next one after this node's means nobody else.
     */
    boolean othersHeldItSince() {
        return lease.token() != lastToken + 1;
    }

    /** Renews the lease every renewal interval from now on, while the turn that needs it runs. */
    void keepRenewed() {
        Duration every = lock.renewalInterval();
        if (!every.isZero()) {
            renewIn(every);
        } else {
            cancelRenewal();
        }
    }

    private void renewIn(Duration delay) {
        cancelRenewal();
        long current = generation;
        renewal = scheduler.schedule(() -> {
            if (generation == current) {
                renewal = null;
                renew();
            }
        }, delay);
    }

    /**
     * Whether the lease is surely still this node's. A node paused past its lease (SIGSTOP, a long GC) finds, when it
     * wakes, its renewal overdue: it renews before anything more is published, and the lease is lost if it was taken.
     */
    boolean sure() {
        if (lease != null && System.nanoTime() - sureUntilNanos < 0) {
            return true;
        }
        return confirm();
    }

    /**
     * Whether the lease is still this node's, asked of the store now, whatever this node's clock says: before saying
     * that a write of the turn failed, when the failure may be the fence's in disguise (the connection that carried
     * the write died while another node took the lease).
     */
    boolean confirm() {
        if (lease == null) {
            return false;
        }
        cancelRenewal();
        renew();
        return lease != null;
    }

    private void renew() {
        if (lease == null) {
            return;
        }
        boolean held;
        try {
            held = lock.renew(lease);
        } catch (ChatException e) {
            if (System.nanoTime() - sureUntilNanos < 0) {
                // The store may answer again before the lease can have lapsed: try again sooner than usual.
                log.warn("could not renew the turn lease of thread {}; trying again", threadId, e);
                renewIn(lock.renewalInterval().dividedBy(2));
                return;
            }
            lost();
            loss.unsure(e);
            return;
        }
        if (held) {
            renewed();
            keepRenewed();
        } else {
            lost();
            loss.takenOver();
        }
    }

    private void renewed() {
        sureUntilNanos = System.nanoTime() + 2 * lock.renewalInterval().toNanos();
    }

    /** Gives the lease back to the store, if held. */
    void giveBack() {
        cancelRenewal();
        TurnLock.Lease held = lease;
        lease = null;
        writer = null;
        if (held == null) {
            return;
        }
        lastToken = held.token();
        try {
            lock.release(held);
        } catch (ChatException e) {
            // It expires by itself.
            log.warn("could not give back the turn lease of thread {}", threadId, e);
        }
    }

    /** The lease is not this node's any more: it is forgotten, not given back, and the thread is read again next. */
    void lost() {
        cancelRenewal();
        lease = null;
        writer = null;
        lastToken = -1;
    }

    private void cancelRenewal() {
        generation++;
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
