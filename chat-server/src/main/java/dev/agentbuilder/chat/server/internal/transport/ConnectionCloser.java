package dev.agentbuilder.chat.server.internal.transport;

import dev.agentbuilder.chat.protocol.CloseCodes;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How connections are closed: those whose client went away, on a thread of their own ({@code chat-close}, see
 * {@link ChatSocket#eot}), and all of them when the server stops, with 1001 and a wait for the clients to answer.
 *
 * <p>Thread-safe: the one close thread owns the closes handed to {@link #executor}; {@link #closedMonitor} guards
 * nothing but the wait for the connections to close, which the selector's close callbacks wake.
 */
final class ConnectionCloser {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCloser.class);

    /** Closes the connections whose client went away, off the selector thread: see {@link ChatSocket#eot}. */
    private final ExecutorService closer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-close");
        thread.setDaemon(true);
        return thread;
    });
    /** Notified when a connection closes while draining, for {@link #awaitNoConnections} to wait on. */
    private final Object closedMonitor = new Object();

    /** Where {@link ChatSocket#eot} hands the close of a connection whose client went away. */
    Executor executor() {
        return closer;
    }

    /** Closes every socket with 1001; a failure is logged once for all, and the rest are closed all the same. */
    void closeAll(Collection<WebSocket> sockets) {
        RuntimeException firstFailure = null;
        int failures = 0;
        for (WebSocket socket : sockets) {
            try {
                socket.close(CloseCodes.GOING_AWAY, "server shutting down");
            } catch (RuntimeException e) {
                failures++;
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (firstFailure != null) {
            log.warn("{} connection(s) failed to close cleanly; the first failure:", failures, firstFailure);
        }
    }

    /** A connection closed while the server drains: wakes {@link #awaitNoConnections}. */
    void closedWhileDraining() {
        synchronized (closedMonitor) {
            closedMonitor.notifyAll();
        }
    }

    /** Waits until every connection has closed or the timeout passed; each close wakes the wait. */
    void awaitNoConnections(Supplier<Collection<WebSocket>> connections, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (closedMonitor) {
            while (!connections.get().isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.info("{} connection(s) did not answer the close in time; dropping them",
                            connections.get().size());
                    return;
                }
                try {
                    closedMonitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** No more closes: those handed over already still run. */
    void shutdown() {
        closer.shutdown();
    }
}
