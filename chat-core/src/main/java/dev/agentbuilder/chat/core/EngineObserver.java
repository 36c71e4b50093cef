package dev.agentbuilder.chat.core;

import java.time.Duration;
import java.util.List;

/**
 * What the engine tells whoever watches it (metrics, for one): turns as they end, the first streamed word of each,
 * model failures. Called on the engine's workers, in the chat thread's order; implementations must not block and
 * must not throw. Every method does nothing by default. Nothing here names a user or a thread.
 */
public interface EngineObserver {

    /** How a turn ended. */
    enum TurnOutcome {
        /** The reply was stored. */
        COMPLETED,
        /**
         * It was stopped before its end, by a member or by a shutdown whose drain time ran out; what had streamed was
         * stored as a stopped reply.
         */
        CANCELLED,
        /** It ended with an error to every member; no reply was stored. */
        FAILED
    }

    /** A turn ended, {@code duration} after it started. */
    default void turnEnded(TurnOutcome outcome, Duration duration) {
    }

    /** The first piece of a turn's reply streamed, {@code sinceStart} after the turn started. */
    default void firstDelta(Duration sinceStart) {
    }

    /**
     * Every reason {@link #modelError} reports, for a watcher that shows each from the start: a counter that
     * appears only at its first failure makes Prometheus's {@code increase()} miss that failure.
     */
    List<String> MODEL_ERROR_REASONS = List.of("unauthorized", "rate_limited", "provider_error", "unreachable",
            "timeout", "broke_off", "model_not_found", "refused", "other");

    /**
     * A model call failed, for a reason users are told apart (one of {@link #MODEL_ERROR_REASONS}): once per failed
     * call, retried or not.
     */
    default void modelError(String reason) {
    }

    /**
     * A model call completed, having used {@code usage}: what the provider reported, or the engine's estimate when
     * it reported none ({@link Usage#estimate}). {@code model} is the model the provider says answered, or null.
     */
    default void modelTokens(String model, Usage usage) {
    }

    /** A user message was refused because its user's token budget for the day is spent. */
    default void quotaRefused() {
    }

    /** A thread was deleted: asked for ({@code expired} false), or by the retention period ({@code expired} true). */
    default void threadDeleted(boolean expired) {
    }

    /** The observer that watches nothing. */
    EngineObserver NONE = new EngineObserver() {
    };
}
