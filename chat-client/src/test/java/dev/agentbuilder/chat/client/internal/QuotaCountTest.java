package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.client.TokenQuota;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireMessage;
import dev.agentbuilder.chat.protocol.WireQuota;
import dev.agentbuilder.chat.protocol.WireUsage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaCountTest {

    private static final WireAgent EMPTY = new WireAgent("", "", "", List.of(), List.of(), 0);

    @Test
    void aReplyStoredAfterRenewsAtStartsTheNewDaysCount() {
        QuotaCount count = new QuotaCount(Clock.fixed(Instant.parse("2026-12-08T00:00:05Z"), ZoneOffset.UTC));
        count.joined(ready(new WireQuota(4900, 5000, "2026-12-08T00:00:00.000Z")));

        assertThat(count.stored(reply(1, 30, 12))).isTrue();
        assertThat(count.quota()).isEqualTo(new TokenQuota(42, 5000, Instant.parse("2026-12-09T00:00:00Z")));
    }

    @Test
    void aRenewsAtThatIsNotAnInstantIsTheNextMidnightUtc() {
        QuotaCount count = new QuotaCount(Clock.fixed(Instant.parse("2026-12-07T21:40:00Z"), ZoneOffset.UTC));
        assertThat(count.joined(ready(new WireQuota(10, 50, "tomorrow")))).isTrue();
        assertThat(count.quota()).isEqualTo(new TokenQuota(10, 50, Instant.parse("2026-12-08T00:00:00Z")));
    }

    @Test
    void theSameQuotaAtAJoinIsNoChangeAndAReadyWithoutOneEndsIt() {
        QuotaCount count = new QuotaCount(Clock.systemUTC());
        WireQuota quota = new WireQuota(10, 50, "2999-01-01T00:00:00.000Z");
        assertThat(count.joined(ready(quota))).isTrue();
        assertThat(count.joined(ready(quota))).isFalse();
        assertThat(count.joined(ready(null))).isTrue();
        assertThat(count.quota()).isNull();
        assertThat(count.stored(reply(1, 30, 12))).as("no budget, nothing to count").isFalse();
    }

    private static ServerFrame.Ready ready(WireQuota quota) {
        return new ServerFrame.Ready("t", "u", "c", 0, EMPTY, "idle", false, null, quota);
    }

    private static ServerFrame.Message reply(long seq, int input, int output) {
        return new ServerFrame.Message(seq, new WireMessage("r" + seq, "assistant", "x", "2026-12-08T00:00:04.000Z",
                null, null, "m", null, new WireUsage(input, output)));
    }
}
