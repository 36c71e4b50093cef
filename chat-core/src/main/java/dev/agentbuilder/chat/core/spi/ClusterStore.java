package dev.agentbuilder.chat.core.spi;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.spi.ThreadStore.StoredThread;
import java.util.List;

/**
 * What a thread store shared by several nodes adds ({@link ThreadStore#cluster}): only such stores implement it. Every
 * node answers any thread, so a thread's turns run under a lease taken in the store, with a fencing token every
 * {@link TurnWriter} write checks; the store says which threads wait for a turn (their node died mid-turn); and a node
 * reads a thread again whenever another node may have moved it on.
 *
 * <p>Thread-safe. Every method may block for a store round trip.
 */
public interface ClusterStore {

    /**
     * The turn lease of this store's threads, in this node's name, judged by the store's clock. Its tokens rise by
     * one at every acquisition and fence the writes of {@link ThreadStore#turnWriter}.
     */
    TurnLock turnLock();

    /**
     * Reads a thread this node opened before again, without the write that creating a thread may take: its draft and
     * highest seq as stored now, which other nodes may have moved on.
     */
    StoredThread readThread(String threadId);

    /** Whether some node holds a live lease on the thread: its builder is at work there. */
    boolean leaseHeld(String threadId);

    /**
     * Threads with a user message nobody answered and no live lease: their node died or was cut off mid-turn, or
     * stored a message and died before its turn. A node takes their leases and answers them, whether or not any
     * client is connected. At most {@code limit}.
     */
    List<String> threadsWaitingForATurn(int limit);

    /**
     * A turn's write made under a lease that another node has taken since: nothing was written. Not retriable: the
     * turn it belongs to must stop and publish nothing more.
     */
    final class FencedOut extends ChatException {
        public FencedOut(String threadId, long fence) {
            super("the turn lease of thread " + threadId + " with token " + fence + " was taken over", false);
        }
    }

    /**
     * A draft change by hand refused because a turn of the thread runs, or messages wait for one, on some node (as
     * the store sees it, by its own clock): nothing was written.
     */
    final class TurnRunning extends ChatException {
        public TurnRunning(String threadId) {
            super("a turn of thread " + threadId + " is running or waiting", true);
        }
    }
}
