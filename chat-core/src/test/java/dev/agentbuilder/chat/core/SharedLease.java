package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A turn lease shared by several engines in one test, as PostgreSQL's is by several nodes: one holder at a time, a
 * token raised at every acquisition, expiry by the clock (or at once, by {@link #expire}), and the threads waiting for
 * a turn read from the store. Each engine takes a {@link #node} view of it. Thread-safe: guarded by {@code this}.
 */
public final class SharedLease {

    private final ThreadStore store;
    private final Duration duration;
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final Map<String, Held> held = new HashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();
    private final Set<String> paused = new java.util.HashSet<>();
    private final Set<String> cutOff = new java.util.HashSet<>();
    /** Nodes whose renewal was refused (the lease was not theirs any more), in the order refused. */
    private final java.util.concurrent.BlockingQueue<String> refusedRenewals =
            new java.util.concurrent.LinkedBlockingQueue<>();

    private record Held(String node, long token, long untilNanos) {
    }

    public SharedLease(ThreadStore store, Duration duration) {
        this.store = store;
        this.duration = duration;
    }

    /** Makes the thread one the sweep looks at (PostgreSQL looks at every thread). */
    public void watch(String threadId) {
        threads.add(threadId);
    }

    /**
     * The holder of the thread's lease is paused past it (SIGSTOP, a long GC): the lease runs out now, and the holder's
     * renewals reach nobody until {@link #resume}.
     */
    public synchronized void pauseHolder(String threadId) {
        Held h = held.get(threadId);
        if (h != null) {
            held.put(threadId, new Held(h.node(), h.token(), System.nanoTime() - 1));
            paused.add(h.node());
        }
    }

    /** The thread's lease runs out now; its holder is not told. */
    public synchronized void expire(String threadId) {
        Held h = held.get(threadId);
        if (h != null) {
            held.put(threadId, new Held(h.node(), h.token(), System.nanoTime() - 1));
        }
    }

    public synchronized void resume(String node) {
        paused.remove(node);
    }

    /** {@code node} can no longer reach the store the lease lives in: every call it makes fails. */
    public synchronized void cutOff(String node) {
        cutOff.add(node);
    }

    private synchronized void reach(String node) {
        if (cutOff.contains(node)) {
            throw new ChatException("node " + node + " cannot reach the store", true);
        }
    }

    /** Waits until a renewal of {@code node}'s is refused: it learns that another node took its lease. */
    public void awaitRefusedRenewal(String node) {
        try {
            String refused;
            do {
                refused = refusedRenewals.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                if (refused == null) {
                    throw new AssertionError("no renewal of node " + node + " was refused within 10 s");
                }
            } while (!refused.equals(node));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether {@code token} is the thread's current one: what a fenced write checks. */
    public synchronized boolean isCurrent(String threadId, long token) {
        return tokens.getOrDefault(threadId, 0L) == token;
    }

    public synchronized Optional<String> holder(String threadId) {
        Held h = held.get(threadId);
        return h == null || h.untilNanos() < System.nanoTime() ? Optional.empty() : Optional.of(h.node());
    }

    /** Node {@code name}'s view of the cluster side of {@code shared}, the store this lease fences. */
    public ClusterStore node(String name, ThreadStore shared) {
        TurnLock lock = lock(name);
        return new ClusterStore() {
            @Override
            public TurnLock turnLock() {
                return lock;
            }

            @Override
            public ThreadStore.StoredThread readThread(String threadId) {
                reach(name);
                // The thread exists: opening it creates nothing.
                return shared.openThread(threadId, "");
            }

            @Override
            public boolean leaseHeld(String threadId) {
                reach(name);
                return holder(threadId).isPresent();
            }

            @Override
            public List<String> threadsWaitingForATurn(int limit) {
                reach(name);
                List<String> waiting = new ArrayList<>();
                for (String threadId : threads) {
                    if (waiting.size() < limit && holder(threadId).isEmpty()
                            && !store.unansweredUserMessages(threadId).isEmpty()) {
                        waiting.add(threadId);
                    }
                }
                return waiting;
            }
        };
    }

    private TurnLock lock(String name) {
        return new TurnLock() {
            @Override
            public Optional<Lease> tryAcquire(String threadId) {
                reach(name);
                threads.add(threadId);
                synchronized (SharedLease.this) {
                    if (holder(threadId).isPresent()) {
                        return Optional.empty();
                    }
                    long token = tokens.merge(threadId, 1L, Long::sum);
                    held.put(threadId, new Held(name, token, System.nanoTime() + duration.toNanos()));
                    return Optional.of(new Lease(threadId, token));
                }
            }

            @Override
            public boolean renew(Lease lease) {
                reach(name);
                synchronized (SharedLease.this) {
                    if (paused.contains(name)) {
                        // It never left the paused process; that process goes on as if it had.
                        return true;
                    }
                    Held h = held.get(lease.threadId());
                    if (h == null || h.token() != lease.token() || !h.node().equals(name)) {
                        refusedRenewals.add(name);
                        return false;
                    }
                    held.put(lease.threadId(), new Held(name, h.token(), System.nanoTime() + duration.toNanos()));
                    return true;
                }
            }

            @Override
            public void release(Lease lease) {
                reach(name);
                synchronized (SharedLease.this) {
                    Held h = held.get(lease.threadId());
                    if (h != null && h.token() == lease.token() && h.node().equals(name)) {
                        held.remove(lease.threadId());
                    }
                }
            }

            @Override
            public Duration renewalInterval() {
                return duration.dividedBy(3);
            }
        };
    }
}
