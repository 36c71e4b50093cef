package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.StoredHistory;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A thread's long history reaches a client over a real socket, whatever the client's pending-bytes cap. */
class LongHistoryTest {

    private static final int EXCHANGES = 10_000;
    private static final long CAP = 64 * 1024;

    @Test
    void aJoinFromTheStartOfALongThreadGetsEveryEventInOrderWithoutTrippingTheSlowClientCap() {
        ThreadStore store = ThreadStores.inMemory();
        StoredHistory.write(store, "long", "alice", EXCHANGES);
        try (TestServer server = TestServer.start(
                b -> b.store(store).replay(256, CAP / 4),
                o -> o.withLimits(o.limits().withMaxPendingBytes(CAP)))) {
            WsRecorder client = WsRecorder.connect(server.url("long", "alice", 0));
            assertThat(client.expect("ready").get("lastSeq").getAsLong()).isEqualTo(2L * EXCHANGES);

            List<Long> seqs = new ArrayList<>();
            while (seqs.size() < 2 * EXCHANGES) {
                JsonObject frame = client.nextFrame();
                assertThat(frame.get("type").getAsString()).as("frame %d", seqs.size()).isEqualTo("message");
                seqs.add(frame.get("seq").getAsLong());
            }

            assertThat(seqs).isEqualTo(StoredHistory.seqs(1, 2L * EXCHANGES));
            assertThat(server.server.connectionCount()).as("still connected").isEqualTo(1);
            client.sendUserMessage("Call it Marathon", "after-replay");
            List<JsonObject> untilAck = client.framesThrough("ack");
            assertThat(untilAck.get(untilAck.size() - 1).get("seq").getAsLong()).isEqualTo(2L * EXCHANGES + 1);
            client.close();
        }
    }
}
