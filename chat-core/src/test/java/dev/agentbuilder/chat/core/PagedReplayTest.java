package dev.agentbuilder.chat.core;

import static dev.agentbuilder.chat.core.StoredHistory.seqs;
import static dev.agentbuilder.chat.core.StoredHistory.storedSeqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.RecordingListener.Refusal;
import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PagedReplayTest {

    private static final int PAGE = 100;
    private static final long WINDOW = 50_000;
    private static final long BYTES_PER_EVENT = 1_000;
    /** The replay looks at the client's backlog before each event, so it sends one more than fits the window. */
    private static final int MOST_SENT_WHILE_BEHIND = (int) (WINDOW / BYTES_PER_EVENT) + 1;

    private final ScriptedModel model = new ScriptedModel();
    private final HistoryReadsStore store = new HistoryReadsStore(ThreadStores.inMemory());
    private ChatEngine engine;

    private ChatEngine engine(UnaryOperator<ChatEngine.Builder> settings) {
        engine = settings.apply(ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO)).build();
        return engine;
    }

    /** An engine whose replay reads 100 events at a time and holds back above 50,000 bytes unsent. */
    private ChatEngine smallPagesEngine() {
        return engine(b -> b.replay(PAGE, WINDOW));
    }

    @AfterEach
    void shutDown() {
        if (engine != null) {
            engine.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aLongThreadIsReplayedInSeqOrderWithoutGapsOrRepeatsFromTheStartAndFromTheMiddle() {
        StoredHistory.write(store, "t1", "alice", 2_500);
        engine(b -> b);

        assertThat(StoredHistory.assertReplayed(engine, "t1", "alice", 0, 5_000).lastSeq()).isEqualTo(5_000);
        assertThat(StoredHistory.assertReplayed(engine, "t1", "alice", 2_345, 5_000).reset()).isFalse();
    }

    @Test
    void theReplayReadsTheStoreAPageAtATime() {
        StoredHistory.write(store, "t1", "alice", 500);
        smallPagesEngine();

        RecordingListener alice = new RecordingListener();
        engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(alice, 1_000)).isEqualTo(seqs(1, 1_000));

        assertThat(store.largestRead()).isEqualTo(PAGE);
    }

    @Test
    void aReplayHoldsBackWhileTheClientIsBehindAndSendsTheRestOnceItCatchesUp() {
        StoredHistory.write(store, "t1", "alice", 500);
        smallPagesEngine();
        SlowClientListener slow = new SlowClientListener(BYTES_PER_EVENT);

        engine.join("t1", "alice", 0, slow);
        int sentWhileBehind = awaitHeldBack(slow);

        assertThat(sentWhileBehind).isPositive().isLessThanOrEqualTo(MOST_SENT_WHILE_BEHIND);
        slow.catchUp();
        RecordingListener received = slow.recorded();
        received.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(received, 1_000)).isEqualTo(seqs(1, 1_000));
        received.assertExhausted();
    }

    @Test
    void aMessageStoredDuringAReplayArrivesOnceAfterEveryEarlierEventAndThenTheBuildersStatus() {
        // 1,000 events, 1,000 bytes each: held back within the first page.
        messageStoredDuringAReplayArrivesInOrder(500, BYTES_PER_EVENT);
    }

    @Test
    void aMessageStoredWhileTheLastPageIsHeldBackStillArrivesBeforeTheReplayEnds() {
        // 1,030 events, 50 bytes each: held back after 1,001, in the last page, which was read before the message.
        messageStoredDuringAReplayArrivesInOrder(515, 50);
    }

    private void messageStoredDuringAReplayArrivesInOrder(int exchanges, long bytesPerEvent) {
        int stored = 2 * exchanges;
        StoredHistory.write(store, "t1", "alice", exchanges);
        smallPagesEngine();
        SlowClientListener slow = new SlowClientListener(bytesPerEvent);
        engine.join("t1", "alice", 0, slow);
        int sentWhileBehind = awaitHeldBack(slow);
        assertThat(sentWhileBehind).isLessThan(stored);

        // Another tab's turn runs while the replay waits: the replay does not hold the thread's work.
        RecordingListener tab = new RecordingListener();
        ThreadMember other = engine.join("t1", "alice", stored, tab);
        tab.expect(ThreadSnapshot.class);
        other.submit("one more", "c-new");
        assertThat(tab.expect(Accepted.class).seq()).isEqualTo(stored + 1);
        assertThat(tab.expect(MessageAdded.class).seq()).isEqualTo(stored + 1);
        assertThat(tab.expect(StatusChanged.class).state()).isEqualTo(TurnState.THINKING);
        ScriptedModel.Call call = model.awaitCall();
        assertThat(slow.events()).isEqualTo(sentWhileBehind);

        slow.catchUp();
        RecordingListener received = slow.recorded();
        received.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(received, stored + 1)).isEqualTo(seqs(1, stored + 1));
        assertThat(received.expect(StatusChanged.class).state()).isEqualTo(TurnState.THINKING);
        call.delta("sure").complete();
        assertThat(received.expect(AssistantDelta.class).delta()).isEqualTo("sure");
        assertThat(received.expect(MessageAdded.class).seq()).isEqualTo(stored + 2);
        assertThat(received.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        received.assertExhausted();
    }

    @Test
    void aStoreThatFailsDuringAReplayRefusesTheMemberAfterWhatItWasSent() {
        StoredHistory.write(store, "t1", "alice", 500);
        smallPagesEngine();
        store.failReadsAfter(1);

        RecordingListener alice = new RecordingListener();
        engine.join("t1", "alice", 0, alice);

        alice.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(alice, PAGE)).isEqualTo(seqs(1, PAGE));
        assertThat(alice.expect(Refusal.class).code()).isEqualTo(ErrorCode.INTERNAL);
        alice.assertExhausted();
    }

    /**
     * Waits until the replay has stopped for the slow client: it is behind by more than the window, and the engine
     * looked at its backlog three more times without sending anything. Returns how many events it was sent.
     */
    private static int awaitHeldBack(SlowClientListener slow) {
        await().until(() -> slow.isBehindBy(WINDOW));
        int sent = slow.events();
        int asked = slow.timesAsked();
        await().until(() -> slow.timesAsked() >= asked + 3);
        assertThat(slow.events()).as("events sent after the client fell behind").isEqualTo(sent);
        return sent;
    }
}
