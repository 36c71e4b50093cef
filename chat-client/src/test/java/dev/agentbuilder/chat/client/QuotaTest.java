package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.FakeServer.Peer;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import dev.agentbuilder.chat.protocol.WireQuota;
import dev.agentbuilder.chat.protocol.WireUsage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The daily token budget: the quota of ready, the replies that add to it, and a message refused once it is spent. */
class QuotaTest extends AgainstAFakeServer {

    /** Far ahead, so that no reply of these tests starts a new day. */
    private static final String RENEWS_AT = "2999-12-08T00:00:00.000Z";
    private static final WireQuota QUOTA = new WireQuota(1240, 5000, RENEWS_AT);

    @Test
    void theReadysQuotaComesAfterOnReadyAndGrowsByEachReplyStoredSinceNotByTheReplay() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        ready(peer, 2, QUOTA);
        peer.userMessage(1, "m1", null);
        peer.send(reply(2, "r1", "m1", 300, 40));
        peer.userMessage(3, "m2", null);
        peer.send(reply(4, "r2", "m2", 350, 50));
        peer.reply(5, "r3", "m2");
        peer.status("idle");
        recorder.awaitFrame(ServerFrame.Status.class);

        TokenQuota joined = new TokenQuota(1240, 5000, Instant.parse(RENEWS_AT));
        TokenQuota afterR2 = new TokenQuota(1640, 5000, Instant.parse(RENEWS_AT));
        assertThat(recorder.all()).filteredOn(e -> e instanceof Recorder.Ready || e instanceof Recorder.Quota
                || e instanceof Recorder.Frame f && f.frame() instanceof ServerFrame.Message)
                .extracting(QuotaTest::describe)
                .containsExactly("ready", "quota 1240", "seq 1", "seq 2", "seq 3", "seq 4", "quota 1640", "seq 5");
        assertThat(recorder.events(Recorder.Quota.class)).extracting(Recorder.Quota::quota)
                .containsExactly(joined, afterR2);
        assertThat(client.quota()).isEqualTo(afterR2);
        assertThat(afterR2.spent()).isFalse();
        assertThat(afterR2.remaining()).isEqualTo(3360);
    }

    @Test
    void aMessageRefusedBecauseTheBudgetIsSpentFailsWithTheServersWordsAfterTheQuotaAndIsNotSentAgain() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer first = server.accept();
        ready(first, 0, QUOTA);
        String id = client.send("Call it Wanderlust");
        first.next(ClientFrame.UserMessage.class);
        WireQuota spent = new WireQuota(5120, 5000, RENEWS_AT);
        String words = "You have used your 5000 tokens for today. Your budget renews at 2999-12-08T00:00:00Z "
                + "(midnight UTC).";
        first.send(new ServerFrame.ErrorFrame("quota_exceeded", words, id, null, spent));

        assertThat(recorder.await(Recorder.Refused.class)).isEqualTo(new Recorder.Refused(id, "quota_exceeded", words));
        TokenQuota counted = new TokenQuota(5120, 5000, Instant.parse(RENEWS_AT));
        assertThat(recorder.all()).filteredOn(e -> !(e instanceof Recorder.Status)).extracting(QuotaTest::describe)
                .endsWith("error quota_exceeded", "quota 5120", "refused quota_exceeded");
        assertThat(client.quota()).isEqualTo(counted);
        assertThat(counted.spent()).isTrue();
        assertThat(counted.remaining()).isZero();
        assertThat(client.whenSettled()).succeedsWithin(Recorder.TIMEOUT);

        first.serverError();
        Peer second = server.accept();
        ready(second, 0, spent);
        second.status("idle");
        recorder.awaitFrame(ServerFrame.Status.class);
        assertThat(second.quiet()).as("the refused message is not sent again").isTrue();
    }

    @Test
    void aServerWithoutABudgetSaysNoQuota() {
        client = Clients.to(server, recorder).build();
        client.connect();
        Peer peer = server.accept();
        peer.ready(0);
        recorder.await(Recorder.Ready.class);
        peer.userMessage(1, "m1", null);
        peer.send(reply(2, "r1", "m1", 300, 40));
        peer.status("idle");
        recorder.awaitFrame(ServerFrame.Status.class);

        assertThat(client.quota()).isNull();
        assertThat(recorder.events(Recorder.Quota.class)).isEmpty();
    }

    private static void ready(Peer peer, long lastSeq, WireQuota quota) {
        peer.send(new ServerFrame.Ready("t1", "u1", "c-" + System.nanoTime(), lastSeq, FakeServer.EMPTY, "idle",
                false, null, quota));
    }

    private static ServerFrame.Message reply(long seq, String id, String replyTo, int input, int output) {
        return new ServerFrame.Message(seq, new WireMessage(id, "assistant", "reply to " + replyTo,
                "2026-01-01T00:00:00.000Z", null, null, replyTo, null, new WireUsage(input, output)));
    }

    private static String describe(Recorder.Event event) {
        if (event instanceof Recorder.Quota q) {
            return "quota " + q.quota().used();
        }
        if (event instanceof Recorder.Refused r) {
            return "refused " + r.code();
        }
        if (event instanceof Recorder.Ready) {
            return "ready";
        }
        if (event instanceof Recorder.Frame f && f.frame() instanceof ServerFrame.Message m) {
            return "seq " + m.seq();
        }
        if (event instanceof Recorder.Frame f && f.frame() instanceof ServerFrame.ErrorFrame e) {
            return "error " + e.code();
        }
        return event.getClass().getSimpleName();
    }
}
