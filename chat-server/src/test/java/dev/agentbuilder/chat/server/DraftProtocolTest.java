package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Configure, revert, preview and export over real sockets, with the offline model and a SQLite file. */
@Timeout(120)
class DraftProtocolTest {

    @TempDir
    Path dataDir;

    @Test
    void aUserBuildsAnAgentEditsItsNameRevertsPreviewsAndExportsItAndAReplayAfterARestartTellsWhoDidWhat() {
        try (TestServer server = TestServer.start(b -> b.store(SqliteStore.open(dataDir)))) {
            WsRecorder alice = server.connect("trip", "alice");
            WsRecorder otherTab = server.connect("trip", "alice");
            alice.expect("ready");
            otherTab.expect("ready");

            alice.sendUserMessage("I want an agent that helps me plan trips", "m1");
            JsonObject proposed = lastAgent(alice.framesThrough(idle()));
            assertThat(proposed.get("name").getAsString()).isEqualTo("Trip Planner");
            long version = proposed.get("version").getAsLong();

            alice.send(update(version, "{\"name\":\"Wanderlust\"}", "e1"));
            JsonObject ack = alice.expect("ack");
            assertThat(ack.get("clientMessageId").getAsString()).isEqualTo("e1");
            assertThat(ack.has("messageId")).isFalse();
            JsonObject edited = alice.expect("agent_updated");
            assertThat(edited.get("source").getAsString()).isEqualTo("user");
            assertThat(edited.get("seq").getAsLong()).isEqualTo(ack.get("seq").getAsLong());
            assertThat(otherTab.framesThrough(f -> isType(f, "agent_updated") && f.get("source").getAsString()
                    .equals("user")).get(0)).isNotNull();

            alice.sendUserMessage("It should always answer in French", "m2");
            JsonObject afterRule = lastAgent(alice.framesThrough(idle()));
            assertThat(afterRule.get("name").getAsString()).as("the builder keeps the name set by hand")
                    .isEqualTo("Wanderlust");
            assertThat(afterRule.get("instructions").getAsString()).contains("always answer in French");

            alice.send("{\"type\":\"user_message\",\"content\":\"Who are you?\",\"clientMessageId\":\"p1\","
                    + "\"mode\":\"preview\"}");
            List<JsonObject> preview = alice.framesThrough(idle());
            assertThat(preview).filteredOn(f -> isType(f, "assistant_delta"))
                    .allMatch(f -> f.get("channel").getAsString().equals("preview")).isNotEmpty();
            assertThat(preview).noneMatch(f -> isType(f, "agent_updated"));
            JsonObject answer = messages(preview).get(1);
            assertThat(answer.get("channel").getAsString()).isEqualTo("preview");
            assertThat(answer.get("content").getAsString()).contains("Bonjour").contains("**Wanderlust**");

            alice.send("{\"type\":\"revert_agent\",\"version\":" + version + ",\"clientMessageId\":\"r1\"}");
            alice.expect("ack");
            JsonObject reverted = alice.expect("agent_updated");
            assertThat(reverted.get("source").getAsString()).isEqualTo("revert");
            assertThat(reverted.getAsJsonObject("agent").get("name").getAsString()).isEqualTo("Trip Planner");
            assertThat(reverted.getAsJsonObject("agent").get("instructions"))
                    .isEqualTo(proposed.get("instructions"));

            alice.send("{\"type\":\"export_agent\",\"format\":\"openai\"}");
            JsonObject openai = alice.expect("agent_export");
            assertThat(openai.get("version").getAsLong()).isEqualTo(afterRule.get("version").getAsLong() + 1);
            JsonObject body = JsonParser.parseString(openai.get("content").getAsString()).getAsJsonObject();
            assertThat(body.get("instructions")).isEqualTo(proposed.get("instructions"));
            alice.send("{\"type\":\"export_agent\",\"format\":\"markdown\"}");
            assertThat(alice.expect("agent_export").get("content").getAsString()).startsWith("# Trip Planner\n");
            alice.send("{\"type\":\"export_agent\",\"format\":\"json\"}");
            JsonObject json = JsonParser.parseString(alice.expect("agent_export").get("content").getAsString())
                    .getAsJsonObject();
            assertThat(json).isEqualTo(reverted.getAsJsonObject("agent"));
            otherTab.framesThrough(f -> isType(f, "agent_updated") && f.get("source").getAsString().equals("revert"));
            otherTab.assertExhausted();
        }
        try (TestServer again = TestServer.start(b -> b.store(SqliteStore.open(dataDir)))) {
            WsRecorder back = again.connect("trip", "alice");
            long lastSeq = back.expect("ready").get("lastSeq").getAsLong();
            List<JsonObject> replay = back.framesThrough(f -> f.has("seq") && f.get("seq").getAsLong() == lastSeq);
            assertThat(replay).filteredOn(f -> isType(f, "agent_updated"))
                    .extracting(f -> f.get("source").getAsString())
                    .containsSubsequence("builder", "user", "builder", "revert");
            assertThat(messages(replay)).filteredOn(m -> m.has("channel"))
                    .extracting(m -> m.get("channel").getAsString()).containsExactly("preview", "preview");
        }
    }

    @Test
    void aStaleVersionIsAConflictNamingTheCurrentOneAndABadChangeIsRefusedWithNothingStored() {
        try (TestServer server = TestServer.start(b -> b.store(SqliteStore.open(dataDir)))) {
            WsRecorder first = server.connect("t1", "alice");
            WsRecorder second = server.connect("t1", "alice");
            first.expect("ready");
            second.expect("ready");
            first.send(update(0, "{\"name\":\"Wanderlust\"}", "a1"));
            first.expect("ack");
            second.expect("agent_updated");

            second.send(update(0, "{\"name\":\"Roamer\"}", "b1"));
            JsonObject conflict = second.expect("error");
            assertThat(conflict.get("code").getAsString()).isEqualTo("version_conflict");
            assertThat(conflict.get("currentVersion").getAsLong()).isEqualTo(1);
            assertThat(conflict.get("clientMessageId").getAsString()).isEqualTo("b1");

            second.send(update(1, "{\"capabilities\":[\"teleport\"]}", "b2"));
            JsonObject unknown = second.expect("error");
            assertThat(unknown.get("code").getAsString()).isEqualTo("invalid_message");
            assertThat(unknown.get("message").getAsString()).contains("teleport").contains("web_search");
            second.send(update(1, "{\"name\":\"" + "x".repeat(101) + "\"}", "b3"));
            assertThat(second.expect("error").get("message").getAsString()).contains("at most 80");
            second.send(update(1, "{\"owner\":\"mallory\"}", "b4"));
            assertThat(second.expect("error").get("message").getAsString()).contains("unknown field");
            second.send("{\"type\":\"revert_agent\",\"version\":5,\"clientMessageId\":\"b5\"}");
            assertThat(second.expect("error").get("code").getAsString()).isEqualTo("not_found");

            second.send(update(1, "{\"name\":\"Roamer\"}", "b6"));
            assertThat(second.expect("ack").get("duplicate").getAsBoolean()).isFalse();
            second.send(update(1, "{\"name\":\"Roamer\"}", "b6"));
            // The resend's ack may pass the original's agent_updated: acks do not queue behind fan-out.
            List<JsonObject> afterResend = second.framesThrough(f -> isType(f, "ack"));
            assertThat(afterResend.get(afterResend.size() - 1).get("duplicate").getAsBoolean()).isTrue();
            if (afterResend.size() == 1) {
                second.expect("agent_updated");
            }
            second.assertExhausted();

            WsRecorder fresh = server.connect("t1", "alice");
            fresh.expect("ready");
            List<JsonObject> stored = fresh.framesThrough(f -> f.has("seq") && f.get("seq").getAsLong() == 2);
            assertThat(stored).extracting(f -> f.getAsJsonObject("agent").get("name").getAsString())
                    .containsExactly("Wanderlust", "Roamer");
            fresh.send("{\"type\":\"ping\"}");
            fresh.expect("pong");
        }
    }

    @Test
    void whileTheBuilderIsThinkingAChangeIsBusyAndOnceIdleItIsTaken() {
        ScriptedModel model = new ScriptedModel();
        try (TestServer server = TestServer.start(b -> b.model(model))) {
            WsRecorder alice = server.connect("t1", "alice");
            alice.expect("ready");
            alice.sendUserMessage("Hello", "m1");
            alice.awaitFrame("status");
            ScriptedModel.Call call = model.awaitCall();

            alice.send(update(0, "{\"name\":\"Wanderlust\"}", "e1"));
            JsonObject busy = alice.awaitFrame("error");
            assertThat(busy.get("code").getAsString()).isEqualTo("busy");
            assertThat(busy.get("clientMessageId").getAsString()).isEqualTo("e1");

            call.delta("Hi!").complete();
            alice.framesThrough(idle());
            alice.send(update(0, "{\"name\":\"Wanderlust\"}", "e1"));
            assertThat(alice.expect("ack").get("duplicate").getAsBoolean()).isFalse();
            assertThat(alice.expect("agent_updated").get("seq").getAsLong()).isEqualTo(3);
        }
    }

    @Test
    void everyExportFormatTheCodecLetsThroughIsOneTheEngineRenders() {
        assertThat(ProtocolCodec.EXPORT_FORMATS).containsExactlyElementsOf(
                Arrays.stream(AgentExport.Format.values()).map(AgentExport.Format::id).toList());
    }

    private static String update(long baseVersion, String changes, String clientMessageId) {
        return "{\"type\":\"update_agent\",\"baseVersion\":" + baseVersion + ",\"changes\":" + changes
                + ",\"clientMessageId\":\"" + clientMessageId + "\"}";
    }

    private static Predicate<JsonObject> idle() {
        return f -> isType(f, "status") && f.get("state").getAsString().equals("idle");
    }

    private static boolean isType(JsonObject frame, String type) {
        return frame.get("type").getAsString().equals(type);
    }

    private static JsonObject lastAgent(List<JsonObject> frames) {
        return frames.stream().filter(f -> isType(f, "agent_updated")).reduce((a, b) -> b).orElseThrow()
                .getAsJsonObject("agent");
    }

    private static List<JsonObject> messages(List<JsonObject> frames) {
        return frames.stream().filter(f -> isType(f, "message")).map(f -> f.getAsJsonObject("message")).toList();
    }
}
