package dev.agentbuilder.chat.redis.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * One channel's live events as received: the last position each publishing bus reached. A live event at or before
 * it came twice or late and is dropped; one past the next leaves a gap, which is counted (live events are not stored,
 * so nothing can fill it; the stored reply that follows has the whole text). A newer epoch (the publisher's channel
 * state was made again) starts over.
 *
 * <p>Confined to the subscribing connection's I/O thread.
 */
final class LiveOrder {

    private final Map<String, long[]> reached = new HashMap<>();

    /** Whether to deliver the event; {@code gap} runs when events from its publisher are missing before it. */
    boolean accept(Envelope envelope, Runnable gap) {
        long[] last = reached.get(envelope.origin());
        if (last == null || envelope.epoch() > last[0]) {
            reached.put(envelope.origin(), new long[] {envelope.epoch(), envelope.index()});
            return true;
        }
        if (envelope.epoch() < last[0] || envelope.index() <= last[1]) {
            return false;
        }
        if (envelope.index() > last[1] + 1) {
            gap.run();
        }
        last[1] = envelope.index();
        return true;
    }
}
