package dev.agentbuilder.chat.core;

import java.time.Duration;

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
        /** A member stopped it; what had streamed was stored as a stopped reply. */
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
     * A model call failed, for a reason users are told apart ({@code unauthorized}, {@code rate_limited},
     * {@code provider_error}, {@code unreachable}, {@code timeout}, {@code broke_off}, {@code model_not_found},
     * {@code refused}, {@code other}): once per failed call, retried or not.
     */
    default void modelError(String reason) {
    }

    /** The observer that watches nothing. */
    EngineObserver NONE = new EngineObserver() {
    };
}
