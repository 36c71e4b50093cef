package dev.agentbuilder.chat.sqlite;

import static dev.agentbuilder.chat.core.StoredHistory.seqs;
import static dev.agentbuilder.chat.core.StoredHistory.storedSeqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.RecordingListener;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.SlowClientListener;
import dev.agentbuilder.chat.core.StoredHistory;
import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TurnState;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A long thread in the database reaches a joining member a page at a time, complete and in order. */
@Timeout(120)
class LongThreadReplayTest {

    private static final long WINDOW = 64 * 1024;

    @TempDir
    Path dir;

    private final ScriptedModel model = new ScriptedModel();
    private ChatEngine engine;

    /** An engine on a database that holds a thread of 5,000 events, written through the store. */
    private ChatEngine engineOnALongThread() {
        ThreadStore store = SqliteStore.open(dir);
        StoredHistory.write(store, "t1", "alice", 2_500);
        engine = ChatEngine.builder()
                .model(model)
                .store(store)
                .sessionGrace(Duration.ZERO)
                .replay(256, WINDOW)
                .build();
        return engine;
    }

    @AfterEach
    void shutDown() {
        if (engine != null) {
            engine.shutdown(Duration.ZERO);
        }
    }

    @Test
    void aLongThreadIsReplayedInSeqOrderWithoutGapsOrRepeatsFromTheStartAndFromTheMiddle() {
        engineOnALongThread();

        assertThat(StoredHistory.assertReplayed(engine, "t1", "alice", 0, 5_000).lastSeq()).isEqualTo(5_000);
        StoredHistory.assertReplayed(engine, "t1", "alice", 2_500, 5_000);
    }

    @Test
    void aMessageStoredWhileAMemberIsHeldBackInItsReplayReachesItOnceAfterEveryEarlierEvent() {
        engineOnALongThread();
        SlowClientListener slow = new SlowClientListener(1_000);
        engine.join("t1", "alice", 0, slow);
        await().until(() -> slow.isBehindBy(WINDOW));
        int sentWhileBehind = slow.events();

        RecordingListener tab = new RecordingListener();
        ThreadMember other = engine.join("t1", "alice", 5_000, tab);
        tab.expect(ThreadSnapshot.class);
        other.submit("one more", "c-new");
        assertThat(tab.expect(Accepted.class).seq()).isEqualTo(5_001);
        assertThat(tab.expect(MessageAdded.class).seq()).isEqualTo(5_001);
        ScriptedModel.Call call = model.awaitCall();
        assertThat(slow.events()).isEqualTo(sentWhileBehind).isLessThan(256);

        slow.catchUp();
        RecordingListener received = slow.recorded();
        received.expect(ThreadSnapshot.class);
        assertThat(storedSeqs(received, 5_001)).isEqualTo(seqs(1, 5_001));
        assertThat(received.expect(StatusChanged.class).state()).isEqualTo(TurnState.THINKING);
        call.delta("sure").complete();
        MessageAdded reply = received.await(MessageAdded.class);
        assertThat(reply.seq()).isEqualTo(5_002);
        assertThat(received.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        received.assertExhausted();
    }
}
