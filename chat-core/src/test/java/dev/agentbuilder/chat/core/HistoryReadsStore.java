package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.util.List;

/**
 * A real store that records the largest read of a thread's events the engine made, and can be told to fail every
 * read of events after the first few, as a failing disk would. Everything else goes straight to the real store.
 *
 * <p>Guarded by {@code this}: the counters, which the engine's workers change and the test reads.
 */
final class HistoryReadsStore extends ForwardingThreadStore {

    private int reads;
    private int largestRead;
    private int failAfter = Integer.MAX_VALUE;

    HistoryReadsStore(ThreadStore real) {
        super(real);
    }

    /** Every read of events after the first {@code reads} from now on fails. */
    synchronized void failReadsAfter(int reads) {
        failAfter = this.reads + reads;
    }

    /** The most events the engine asked for in one read. */
    synchronized int largestRead() {
        return largestRead;
    }

    @Override
    public List<StoredEvent> eventsAfter(String threadId, long afterSeq, int limit) {
        synchronized (this) {
            reads++;
            largestRead = Math.max(largestRead, limit);
            if (reads > failAfter) {
                throw new ChatException("the disk is failing", true);
            }
        }
        return delegate.eventsAfter(threadId, afterSeq, limit);
    }

}
