package dev.agentbuilder.chat.core;

/**
 * One participant's handle on a thread, returned by {@link ChatEngine#join}. Methods never block: they queue the
 * request for the thread and return; answers arrive on the member's {@link ThreadListener}. Safe to call from any
 * thread.
 */
public interface ThreadMember {

    String threadId();

    String userId();

    /**
     * Submits a user message. The answer ({@link SubmitResult}) arrives on the listener; the reply then streams to
     * every member of the thread.
     *
     * @param content         the text, 1 to the engine's maximum number of characters, not blank
     * @param clientMessageId the idempotency key (1 to 128 characters), or null
     */
    void submit(String content, String clientMessageId);

    /**
     * Submits a user message to one of the thread's conversations: the builder's, or ({@link Channel#PREVIEW}) the
     * agent being built, which answers as itself and changes nothing.
     */
    void submit(String content, String clientMessageId, Channel channel);

    /**
     * Changes the draft by hand, if it is still at {@code baseVersion}. The answer is {@link SubmitResult.Accepted}
     * (the change is stored as one {@link ThreadEvent.AgentUpdated} with source {@link DraftSource#USER}),
     * {@link SubmitResult.VersionConflict}, or {@link SubmitResult.Rejected} ({@link ErrorCode#INVALID_MESSAGE} for
     * a change that breaks a limit, {@link ErrorCode#BUSY} while a turn runs).
     */
    void updateAgent(long baseVersion, AgentChanges changes, String clientMessageId);

    /**
     * Stores the draft of {@code version} again, as a new version with source {@link DraftSource#REVERT}. A version
     * the draft never had is {@link ErrorCode#NOT_FOUND}; while a turn runs, {@link ErrorCode#BUSY}.
     */
    void revertAgent(long version, String clientMessageId);

    /** Asks for the stored draft in {@code format}; the answer is {@link SubmitResult.Exported}. */
    void exportAgent(AgentExport.Format format);

    /** Stops the running turn, if any; its partial reply is stored with {@code stopped = true}. */
    void cancel();

    /** Leaves the thread; no callbacks arrive after the leave is processed. Calling it again does nothing. */
    void leave();
}
