package dev.agentbuilder.chat.core;

/**
 * Receives what happens in a thread for one member. All callbacks for a member arrive one at a time, in order,
 * on a chat-core worker (named {@code chat-worker-N}); they must return quickly and must not block.
 *
 * <p>The order is: {@link #onReady} once, then the stored events after the member's lastSeq, then live events;
 * stored events arrive in seq order with no gaps and no repeats. {@link #onSubmitResult} answers this member's
 * own submissions in the same stream. After {@link #onRefused} nothing more arrives.
 *
 * <p>The stored events after lastSeq (the replay) are read and sent a page at a time, and only while
 * {@link #pendingBytes} is within the engine's replay window, so a long thread reaches a slow client at the pace it
 * takes them. Live events that happen meanwhile are not sent out of turn: the stored ones arrive in the replay, in
 * seq order; live-only ones (deltas, status) are not sent until the replay has caught up, and then the last status
 * change it missed is sent, if it differs from the status the member was told.
 */
public interface ThreadListener {

    void onReady(ThreadSnapshot snapshot);

    void onEvent(ThreadEvent event);

    void onSubmitResult(SubmitResult result);

    /**
     * The join failed, for example with {@link ErrorCode#FORBIDDEN} or {@link ErrorCode#INTERNAL}; the member has
     * left. Usually instead of {@link #onReady}, but also after it ({@link ErrorCode#INTERNAL}) when a later page of
     * the replay could not be read from the store.
     */
    void onRefused(ErrorCode code, String message);

    /**
     * Bytes sent to this listener's client that the transport has not yet written; the replay waits while it is
     * above the engine's replay window. Called on a chat-core worker, between callbacks, so it must be cheap and
     * thread-safe (the transport updates it from its own threads). The default, 0, means the replay never waits.
     */
    default long pendingBytes() {
        return 0;
    }
}
