package dev.agentbuilder.chat.core;

/**
 * Receives what happens in a thread for one member. All callbacks for a member arrive one at a time, in order,
 * on a chat-core worker (named {@code chat-worker-N}); they must return quickly and must not block.
 *
 * <p>The order is: {@link #onReady} once, then the stored events after the member's lastSeq, then live events;
 * stored events arrive in seq order with no gaps and no repeats. {@link #onSubmitResult} answers this member's
 * own submissions in the same stream. After {@link #onRefused} nothing more arrives.
 */
public interface ThreadListener {

    void onReady(ThreadSnapshot snapshot);

    void onEvent(ThreadEvent event);

    void onSubmitResult(SubmitResult result);

    /** The join failed, for example with {@link ErrorCode#FORBIDDEN} or {@link ErrorCode#INTERNAL}. */
    void onRefused(ErrorCode code, String message);
}
