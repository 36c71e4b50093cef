package dev.agentbuilder.chat.core;

/**
 * A member's listener whose client falls behind, as a transport with a full socket would: every event sent to it
 * counts {@code bytesPerEvent} as not yet written ({@link #pendingBytes}) until the test lets the client
 * {@link #catchUp}, after which it keeps up. Every callback is recorded in {@link #recorded}. Shared with chat-sqlite's
 * tests through chat-core's test jar.
 *
 * <p>Guarded by {@code this}: the engine calls it on its workers while the test reads it and lets it catch up.
 */
public final class SlowClientListener implements ThreadListener {

    private final RecordingListener recorded = new RecordingListener();
    private final long bytesPerEvent;
    private boolean behind = true;
    private long pending;
    private int events;
    private int asked;

    public SlowClientListener(long bytesPerEvent) {
        this.bytesPerEvent = bytesPerEvent;
    }

    /** Every callback, in order. */
    public RecordingListener recorded() {
        return recorded;
    }

    @Override
    public void onReady(ThreadSnapshot snapshot) {
        recorded.onReady(snapshot);
    }

    @Override
    public synchronized void onEvent(ThreadEvent event) {
        events++;
        if (behind) {
            pending += bytesPerEvent;
        }
        recorded.onEvent(event);
    }

    @Override
    public void onSubmitResult(SubmitResult result) {
        recorded.onSubmitResult(result);
    }

    @Override
    public void onRefused(ErrorCode code, String message) {
        recorded.onRefused(code, message);
    }

    @Override
    public synchronized long pendingBytes() {
        asked++;
        return pending;
    }

    /** The client writes everything it was sent and keeps up from now on. */
    public synchronized void catchUp() {
        behind = false;
        pending = 0;
    }

    /** Whether more than {@code windowBytes} wait unsent, so an engine with that replay window must hold back. */
    public synchronized boolean isBehindBy(long windowBytes) {
        return pending > windowBytes;
    }

    /** How many events the engine sent so far. */
    public synchronized int events() {
        return events;
    }

    /** How often the engine asked for {@link #pendingBytes}. */
    public synchronized int timesAsked() {
        return asked;
    }
}
