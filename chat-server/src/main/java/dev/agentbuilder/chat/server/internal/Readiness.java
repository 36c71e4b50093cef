package dev.agentbuilder.chat.server.internal;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the server should get traffic: not while it starts, not once it drains after SIGTERM (that comes first,
 * before any connection is closed), and not while its store or bus cannot be reached.
 *
 * <p>Thread-safe: the phase is volatile; the store and bus are set once, before the phase turns to serving; the
 * store check under way is guarded by {@code this}.
 */
public final class Readiness {

    /** The answer, with its reason in one line. */
    public record Verdict(boolean ready, String reason) {
    }

    private enum Phase { STARTING, SERVING, DRAINING }

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

    /** Asks the store (a round trip, at most a few seconds) and the bus. */
    public Verdict check() {
        return switch (phase) {
            case STARTING -> new Verdict(false, "starting");
            case DRAINING -> new Verdict(false, "draining: shutting down, finishing running turns");
            case SERVING -> {
                if (!storeAnswers()) {
                    yield new Verdict(false, "the store (" + storeName + ") cannot be reached");
                }
                if (!bus.connected()) {
                    yield new Verdict(false, "the thread bus is not connected to its broker");
                }
                yield new Verdict(true, "ready");
            }
        };
    }

    private boolean storeAnswers() {
        CompletableFuture<Boolean> check;
        synchronized (this) {
            if (storeCheck == null || storeCheck.isDone()) {
                storeCheck = CompletableFuture.supplyAsync(store::answers, checker);
            }
            check = storeCheck;
        }
        try {
            return check.get(STORE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
