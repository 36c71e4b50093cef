package dev.agentbuilder.chat.server.internal.ops;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Whether the server should get traffic: not while it starts, not once it drains after SIGTERM (that comes first,
 * before any connection is closed), and not while its store or bus cannot be reached.
 *
 * <p>Thread-safe: the phase is volatile; the store and bus are set once, before the phase turns to serving; the
 * store check under way is guarded by {@code this}, and runs on a thread of its own ({@code chat-admin-check}).
 */
public final class Readiness {

    /** The answer, with its reason in one line. */
    public record Verdict(boolean ready, String reason) {
    }

    private enum Phase { STARTING, SERVING, DRAINING }

    private static final Verdict STARTING_VERDICT = new Verdict(false, "starting");
    private static final Verdict DRAINING_VERDICT =
            new Verdict(false, "draining: shutting down, finishing running turns");

    /** A probe answers within this, whatever the store does: an orchestrator's probe has a timeout of its own. */
    private static final long STORE_CHECK_MILLIS = 2_000;

    private volatile Phase phase = Phase.STARTING;
    private volatile ThreadStore store;
    private volatile ThreadBus bus;
    private volatile String storeName = "the store";
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chat-admin-check");
        t.setDaemon(true);
        return t;
    });
    /** The store check under way, which a probe that comes meanwhile waits for instead of starting another. */
    private CompletableFuture<Boolean> storeCheck;

    /** The server accepts clients on this store and bus from now on. */
    public void serving(ThreadStore store, String storeName, ThreadBus bus) {
        this.store = store;
        this.storeName = storeName;
        this.bus = bus;
        phase = Phase.SERVING;
    }

    /** SIGTERM: no more traffic. */
    public void draining() {
        phase = Phase.DRAINING;
    }

    /**
     * Asks the store (a round trip) and the bus. Never blocks: the verdict completes once the store answers, or
     * with "cannot be reached" after {@link #STORE_CHECK_MILLIS}, on the store check's thread or on the JDK's
     * delay scheduler. Probes that come while a check is under way share it instead of starting another, so a store
     * that hangs holds one thread, not one a probe.
     */
    public CompletableFuture<Verdict> check() {
        return switch (phase) {
            case STARTING -> CompletableFuture.completedFuture(STARTING_VERDICT);
            case DRAINING -> CompletableFuture.completedFuture(DRAINING_VERDICT);
            case SERVING -> storeReachable().thenApply(reachable -> {
                if (phase == Phase.DRAINING) {
                    // SIGTERM came while the store was being asked: that outranks its answer.
                    return DRAINING_VERDICT;
                }
                if (!reachable) {
                    return new Verdict(false, "the store (" + storeName + ") cannot be reached");
                }
                if (!bus.connected()) {
                    return new Verdict(false, "the thread bus is not connected to its broker");
                }
                return new Verdict(true, "ready");
            });
        };
    }

    private CompletableFuture<Boolean> storeReachable() {
        CompletableFuture<Boolean> check;
        synchronized (this) {
            if (storeCheck == null || storeCheck.isDone()) {
                storeCheck = CompletableFuture.supplyAsync(store::isReachable, checker);
            }
            check = storeCheck;
        }
        // A copy per probe: its timeout must not complete the shared check, which a later probe would then think
        // finished and queue another behind the one that hangs.
        return check.copy().completeOnTimeout(false, STORE_CHECK_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(e -> false);
    }
}
