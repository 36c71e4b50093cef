package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario b, against the packaged server: SIGKILL in the middle of a turn, a message sent while the server is down,
 * and a restart on the same port and data directory. The client resumes; nothing is lost and nothing doubled.
 */
@Timeout(180)
class KillAndRestartIT {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";
    static final String CALL_IT = "Call it Wanderlust";

    @TempDir
    Path dataDir;

    private final Recorder recorder = new Recorder();

    @Test
    void theInterruptedTurnIsAnsweredAfterTheRestartAndWhatWasSentMeanwhileOnce() throws Exception {
        String[] options = {"--data-dir", dataDir.toString(), "--offline-chunk-delay", "100ms"};
        ServerJar server = ServerJar.start(with(options, "--port", "0"));
        int port = server.port();
        ChatClient client = ChatClient.builder().url(server.url()).threadId("trip").userId("alice")
                .backoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)))
                // The JDK's WebSocket can miss the end of a connection that comes between two frames; the heartbeat
                // is what notices then, and a short one keeps the test short.
                .pingInterval(Duration.ofSeconds(1)).pongTimeout(Duration.ofSeconds(2))
                .listener(recorder).build();
        List<ConnectionStatus> statuses;
        List<ServerFrame> stored;
        String m1;
        String m2;
        try {
            client.connect();
            recorder.awaitStatus(CONNECTED);
            m1 = client.send(PLAN_TRIPS);
            recorder.awaitFrame(ServerFrame.AssistantDelta.class);

            server.kill();
            recorder.awaitStatus(DISCONNECTED);
            assertThat(client.status().state()).isNotEqualTo(CONNECTED);
            m2 = client.send(CALL_IT);
            server = ServerJar.start(with(options, "--port", Integer.toString(port)));

            client.whenSettled().get(120, TimeUnit.SECONDS);
            recorder.await(Recorder.Frame.class, f -> f.frame().equals(new ServerFrame.Status("idle")));
            statuses = recorder.statuses();
            stored = StreamedTurnIT.storedFrames(recorder.frames());
        } finally {
            client.close();
        }
        try {
            // Every stored event once, in order, and the same as a newcomer gets from the server.
            assertThat(recorder.storedSeqs()).isEqualTo(LongStream.rangeClosed(1, stored.size()).boxed().toList());
            assertThat(RawClient.replay(server.url(), "trip", "alice")).isEqualTo(stored);
        } finally {
            server.close();
        }
        List<WireMessage> messages = stored.stream().filter(f -> f instanceof ServerFrame.Message)
                .map(f -> ((ServerFrame.Message) f).message()).toList();
        for (String id : List.of(m1, m2)) {
            List<WireMessage> sent = messages.stream().filter(m -> id.equals(m.clientMessageId())).toList();
            assertThat(sent).as("user messages with clientMessageId %s", id).hasSize(1);
            assertThat(messages).as("replies to %s", id)
                    .filteredOn(m -> sent.get(0).id().equals(m.replyTo())).hasSize(1);
        }
        assertThat(messages).filteredOn(m -> "user".equals(m.role())).hasSize(2);
        assertThat(recorder.events(Recorder.Unanswered.class)).isEmpty();
        assertThat(recorder.events(Recorder.Refused.class)).isEmpty();
        // connecting, connected, then disconnected, (connecting, disconnected)*, connecting, connected; never error.
        String states = statuses.stream().map(s -> s.state().name()).collect(Collectors.joining(" "));
        assertThat(states).matches("CONNECTING CONNECTED DISCONNECTED( CONNECTING DISCONNECTED)* CONNECTING CONNECTED");
    }

    private static String[] with(String[] options, String... more) {
        String[] all = new String[options.length + more.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }
}
