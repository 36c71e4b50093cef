package dev.agentbuilder.chat.server.internal.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Brings the engine's answers back to the API's Jetty threads. The engine completes its futures on its own workers,
 * and Javalin writes the response on whichever thread completes the future it was given: that would be an engine
 * worker, held for as long as a slow client takes to read. Immutable and thread-safe.
 */
final class OnJetty {

    /** How long the engine may take over one request before it is answered 503. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Executor jetty;

    OnJetty(Executor jetty) {
        this.jetty = jetty;
    }

    /** The same outcome as {@code work}, within {@link #REQUEST_TIMEOUT}, completed on a Jetty thread. */
    <T> CompletableFuture<T> resume(CompletableFuture<T> work) {
        return work.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((value, failure) -> {
                }, jetty);
    }
}
