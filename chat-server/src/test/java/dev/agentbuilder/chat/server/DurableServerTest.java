package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class DurableServerTest {

    @TempDir
    Path dataDir;

    @Test
    void aClientThatDropsMidStreamGetsTheWholeReplyOnceWhenItComesBack() {
        ScriptedModel model = new ScriptedModel();
        try (TestServer server = TestServer.start(b -> b.model(model).store(SqliteStore.open(dataDir)))) {
            WsRecorder client = server.connect("t1", "u1");
            WsRecorder watcher = server.connect("t1", "u1");
            client.expect("ready");
            watcher.expect("ready");
            client.sendUserMessage("tell me", "c1");
            client.expect("ack");
            long userSeq = client.expect("message").get("seq").getAsLong();
            ScriptedModel.Call call = model.awaitCall();
            call.delta("Half ");
            client.awaitFrame("assistant_delta");
            client.abort();

            call.delta("and the rest.").complete();
            watcher.framesThrough(f -> f.get("type").getAsString().equals("status")
                    && f.get("state").getAsString().equals("idle"));
            WsRecorder back = WsRecorder.connect(server.url("t1", "u1", userSeq));
            back.expect("ready");
            JsonObject reply = back.expect("message").getAsJsonObject("message");
            assertThat(reply.get("content").getAsString()).isEqualTo("Half and the rest.");
            back.send("{\"type\":\"ping\"}");
            back.expect("pong");
            back.assertExhausted();
        }
    }

    @Test
    void aClientThatComesBackWhileTheReplyStillStreamsGetsTheRestLiveAndTheMessageOnce() {
        ScriptedModel model = new ScriptedModel();
        try (TestServer server = TestServer.start(b -> b.model(model).store(SqliteStore.open(dataDir))
                .sessionGrace(Duration.ofSeconds(30)))) {
            WsRecorder client = server.connect("t1", "u1");
            client.expect("ready");
            client.sendUserMessage("tell me", "c1");
            client.expect("ack");
            long userSeq = client.expect("message").get("seq").getAsLong();
            ScriptedModel.Call call = model.awaitCall();
            call.delta("Half ");
            client.awaitFrame("assistant_delta");
            client.abort();

            WsRecorder back = WsRecorder.connect(server.url("t1", "u1", userSeq));
            assertThat(back.expect("ready").get("status").getAsString()).isEqualTo("thinking");
            call.delta("and the rest.").complete();
            assertThat(back.expect("assistant_delta").get("delta").getAsString()).isEqualTo("and the rest.");
            assertThat(back.expect("message").getAsJsonObject("message").get("content").getAsString())
                    .isEqualTo("Half and the rest.");
            back.expect("status");
            back.assertExhausted();
        }
    }

    @Test
    void twoHundredThreadsInParallelEachKeepAGapFreeLogWithOneAnswerPerMessage() throws Exception {
        int threads = 200;
        int turns = 3;
        try (TestServer server = TestServer.start(b -> b.store(SqliteStore.open(dataDir)))) {
            ExecutorService clients = Executors.newFixedThreadPool(threads);
            try {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String threadId = "par-" + t;
                    done.add(CompletableFuture.runAsync(() -> converse(server, threadId, turns), clients));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(150, TimeUnit.SECONDS);
            } finally {
                clients.shutdownNow();
            }
            for (int t = 0; t < threads; t++) {
                List<JsonObject> history = history(server, "par-" + t);
                assertThat(history).extracting(f -> f.get("seq").getAsLong())
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, history.size())
                                .boxed().toList());
                RestartIT.assertEveryUserMessageAnsweredExactlyOnce(history, turns);
            }
        }
    }

    private static void converse(TestServer server, String threadId, int turns) {
        WsRecorder client = server.connect(threadId, "owner-" + threadId);
        client.expect("ready");
        List<String> messages = List.of("I want an agent that helps me plan trips", "Call it Wanderlust",
                "Enable web search");
        for (int i = 0; i < turns; i++) {
            client.sendUserMessage(messages.get(i % messages.size()), threadId + "-" + i);
            client.framesThrough(f -> f.get("type").getAsString().equals("status")
                    && f.get("state").getAsString().equals("idle"));
        }
        client.close();
    }

    private static List<JsonObject> history(TestServer server, String threadId) {
        WsRecorder reader = server.connect(threadId, "owner-" + threadId);
        long last = reader.expect("ready").get("lastSeq").getAsLong();
        List<JsonObject> history = new ArrayList<>();
        for (long i = 0; i < last; i++) {
            history.add(reader.nextFrame());
        }
        reader.close();
        return history;
    }
}
