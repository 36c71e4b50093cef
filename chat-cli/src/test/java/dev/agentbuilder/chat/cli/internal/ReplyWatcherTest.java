package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireMessage;
import org.junit.jupiter.api.Test;

class ReplyWatcherTest {

    private final ReplyWatcher watcher = new ReplyWatcher("mine");

    @Test
    void streamsTheRepliesDeltasAndEndsWithTheMessage() {
        watcher.onFrame(ready(0, "idle"));
        watcher.onFrame(new ServerFrame.Ack("mine", "m1", 1, false));
        watcher.onFrame(user(1, "m1", "u1", "mine"));

        assertThat(watcher.onFrame(delta("r1", "Hel"))).isEqualTo(new ReplyWatcher.Delta("Hel"));
        assertThat(watcher.onFrame(delta("r1", "lo"))).isEqualTo(new ReplyWatcher.Delta("lo"));
        ReplyWatcher.Step end = watcher.onFrame(assistant(2, "r1", "Hello", "m1"));

        assertThat(end).isEqualTo(new ReplyWatcher.Answered(assistant(2, "r1", "Hello", "m1").message(), true));
    }

    @Test
    void theReplyToAnEarlierMessageIsNotStreamedAsOurs() {
        watcher.onFrame(ready(0, "idle"));
        watcher.onFrame(user(1, "m0", "u2", "theirs"));
        watcher.onFrame(new ServerFrame.Ack("mine", "m1", 2, false));
        watcher.onFrame(user(2, "m1", "u1", "mine"));

        assertThat(watcher.onFrame(delta("r0", "Not yours"))).isInstanceOf(ReplyWatcher.Waiting.class);
        watcher.onFrame(assistant(3, "r0", "Not yours", "m0"));
        assertThat(watcher.onFrame(delta("r1", "Yours"))).isEqualTo(new ReplyWatcher.Delta("Yours"));
    }

    @Test
    void aDuplicateAckFindsTheReplyInTheReplayedHistory() {
        watcher.onFrame(ready(2, "idle"));
        watcher.onFrame(user(1, "m1", "u1", "mine"));
        watcher.onFrame(assistant(2, "r1", "Earlier answer", "m1"));

        ReplyWatcher.Step step = watcher.onFrame(new ServerFrame.Ack("mine", "m1", 1, true));

        assertThat(step).isInstanceOf(ReplyWatcher.Answered.class);
        assertThat(((ReplyWatcher.Answered) step).reply().content()).isEqualTo("Earlier answer");
        assertThat(((ReplyWatcher.Answered) step).streamed()).isFalse();
    }

    @Test
    void anErrorAboutOurMessageFails() {
        watcher.onFrame(ready(0, "idle"));

        ReplyWatcher.Step step = watcher.onFrame(new ServerFrame.ErrorFrame("busy", "Still working", "mine"));

        assertThat(step).isEqualTo(new ReplyWatcher.Failed("busy", "Still working", null));
    }

    @Test
    void anErrorAboutSomeoneElsesMessageIsIgnored() {
        watcher.onFrame(ready(0, "idle"));

        assertThat(watcher.onFrame(new ServerFrame.ErrorFrame("busy", "Still working", "theirs")))
                .isInstanceOf(ReplyWatcher.Waiting.class);
    }

    private static ServerFrame.AssistantDelta delta(String replyId, String text) {
        return new ServerFrame.AssistantDelta(replyId, text);
    }

    private static ServerFrame.Ready ready(long lastSeq, String status) {
        return new ServerFrame.Ready("t1", "u1", "c1", lastSeq,
                new WireAgent(null, null, null, null, null, 0), status, false);
    }

    private static ServerFrame.Message user(long seq, String id, String userId, String clientMessageId) {
        return new ServerFrame.Message(seq,
                new WireMessage(id, "user", "text", "2026-01-01T00:00:00Z", userId, clientMessageId, null, null, null));
    }

    private static ServerFrame.Message assistant(long seq, String id, String content, String replyTo) {
        return new ServerFrame.Message(seq,
                new WireMessage(id, "assistant", content, "2026-01-01T00:00:00Z", null, null, replyTo, null, null));
    }
}
