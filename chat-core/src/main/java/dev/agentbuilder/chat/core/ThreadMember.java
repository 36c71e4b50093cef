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

    /** Stops the running turn, if any; its partial reply is stored with {@code stopped = true}. */
    void cancel();

    /** Leaves the thread; no callbacks arrive after the leave is processed. Calling it again does nothing. */
    void leave();
}
