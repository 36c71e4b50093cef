package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Long thread histories written straight through a store, as an engine long gone would have left them. */
public final class StoredHistory {

    private StoredHistory() {
    }

    /**
     * Opens the thread for {@code owner} and stores {@code exchanges} answered user messages (two events each, so no
     * turn is left to run), without waiting for one write before the next; returns once all are stored.
     */
    public static void write(ThreadStore store, String threadId, String owner, int exchanges) {
        store.openThread(threadId, owner);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 1; i <= exchanges; i++) {
            writes.add(store.appendUserMessage(threadId,
                    ThreadMessage.user("u-" + i, "question " + i, at, owner, "c-" + i)));
            writes.add(StoreKit.appendReply(store, threadId,
                    ThreadMessage.assistant("a-" + i, "answer " + i, at, "u-" + i, false, null)));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * Joins the thread as {@code userId} with {@code lastSeq}, checks that exactly the stored events after it, up to
     * {@code last}, arrive, in seq order and once each, and nothing more; returns the member's {@code ready}.
     */
    public static ThreadSnapshot assertReplayed(ChatEngine engine, String threadId, String userId, long lastSeq,
            long last) {
        RecordingListener listener = new RecordingListener();
        engine.join(threadId, userId, lastSeq, listener);
        ThreadSnapshot ready = listener.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(listener, (int) (last - lastSeq))).isEqualTo(seqs(lastSeq + 1, last));
        listener.assertExhausted();
        return ready;
    }

    /** Takes the next {@code count} callbacks, which must all be stored events, and returns their seqs. */
    public static List<Long> storedSeqs(RecordingListener listener, int count) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(listener.expect(StoredEvent.class).seq());
        }
        return seqs;
    }

    /** The seqs from {@code first} to {@code last}, both included. */
    public static List<Long> seqs(long first, long last) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }
}
