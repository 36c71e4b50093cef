package dev.agentbuilder.chat.core.spi;

/**
 * Ensures one running turn per thread, across every node that serves the thread. langchain4j's chat memory is not
 * safe for concurrent turns on one memory id, so a turn only starts while its thread's lock is held. The lock for one
 * process is {@link dev.agentbuilder.chat.core.TurnLocks#inProcess()}.
 */
public interface TurnLock {

    /** Takes the thread's turn lock if it is free; never blocks. */
    boolean tryAcquire(String threadId);

    /** Releases a lock taken with {@link #tryAcquire}. */
    void release(String threadId);
}
