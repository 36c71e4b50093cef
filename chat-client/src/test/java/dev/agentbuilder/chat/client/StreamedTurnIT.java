package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Scenario a, against the packaged server: one turn, streamed. */
@Timeout(120)
class StreamedTurnIT {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";

    @TempDir
    Path dataDir;

    private final Recorder recorder = new Recorder();

    @Test
    void aTurnStreamsDeltasThatMakeTheReplyChangesTheDraftAndEndsIdle() throws Exception {
        List<ServerFrame> stored;
        try (ServerJar server = ServerJar.start("--port", "0", "--data-dir", dataDir.toString(),
                "--offline-chunk-delay", "5ms")) {
            try (ChatClient client = ChatClient.builder().url(server.url()).threadId("trip").userId("alice")
                    .listener(recorder).build()) {
                client.connect();
                recorder.await(Recorder.Ready.class);

                String id = client.send(PLAN_TRIPS);
                client.whenSettled().get(60, TimeUnit.SECONDS);
                recorder.await(Recorder.Frame.class, f -> f.frame().equals(new ServerFrame.Status("idle")));

                List<ServerFrame> frames = recorder.frames();
                ServerFrame.Ack ack = only(frames, ServerFrame.Ack.class);
                assertThat(ack.clientMessageId()).isEqualTo(id);
                assertThat(ack.duplicate()).isFalse();
                ServerFrame.Message reply = frames.stream().filter(f -> f instanceof ServerFrame.Message m
                        && ack.messageId().equals(m.message().replyTo())).map(ServerFrame.Message.class::cast)
                        .findFirst().orElseThrow();
                String streamed = frames.stream().filter(f -> f instanceof ServerFrame.AssistantDelta d
                        && reply.message().id().equals(d.messageId()))
                        .map(f -> ((ServerFrame.AssistantDelta) f).delta()).collect(Collectors.joining());
                assertThat(streamed).isEqualTo(reply.message().content()).isNotBlank();
                // The builder's changes and its words stream while it thinks, before the reply is stored.
                int thinking = frames.indexOf(new ServerFrame.Status("thinking"));
                assertThat(thinking).isPositive()
                        .isLessThan(indexOf(frames, ServerFrame.AgentUpdated.class))
                        .isLessThan(indexOf(frames, ServerFrame.AssistantDelta.class));
                assertThat(lastIndexOf(frames, ServerFrame.AgentUpdated.class)).isLessThan(frames.indexOf(reply));
                assertThat(frames.get(frames.size() - 1)).isEqualTo(new ServerFrame.Status("idle"));
                assertThat(recorder.states()).containsExactly(CONNECTING, CONNECTED);
                assertThat(recorder.events(Recorder.Refused.class)).isEmpty();
                assertThat(recorder.events(Recorder.Unanswered.class)).isEmpty();
                stored = storedFrames(frames);
            }
            // The audit: what the client delivered is the thread as the server replays it to a newcomer.
            assertThat(RawClient.replay(server.url(), "trip", "alice")).isEqualTo(stored);
        }
        assertThat(recorder.storedSeqs()).isEqualTo(LongStream.rangeClosed(1, stored.size()).boxed().toList());
    }

    static List<ServerFrame> storedFrames(List<ServerFrame> frames) {
        return frames.stream().filter(f -> f instanceof ServerFrame.Message || f instanceof ServerFrame.AgentUpdated)
                .toList();
    }

    private static <T extends ServerFrame> T only(List<ServerFrame> frames, Class<T> type) {
        List<T> found = frames.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static int lastIndexOf(List<ServerFrame> frames, Class<? extends ServerFrame> type) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (type.isInstance(frames.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + frames);
    }

    private static int indexOf(List<ServerFrame> frames, Class<? extends ServerFrame> type) {
        for (int i = 0; i < frames.size(); i++) {
            if (type.isInstance(frames.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + frames);
    }
}
