package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.Usage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import java.time.Instant;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.agentbuilder.chat.knowledge.Knowledge;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.offline.OfflineBuilderModel;
import dev.agentbuilder.chat.protocol.ProtocolSchema;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One complete session against a real server, through everything a client can meet: every frame it writes
 * validates against docs/asyncapi.yaml (WsRecorder checks each), and the session must have shown every server frame
 * type and every property the schema declares for them. A property the schema declares that the server never
 * writes fails here; one the server writes that the schema does not declare fails in WsRecorder.
 */
@Timeout(120)
class FullSessionConformanceTest {

    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();
    private static final String THREAD = "conformance";
    /** Far more than Alice's turns use. */
    private static final long BUDGET = 10_000_000;

    private final HeldOrOffline model = new HeldOrOffline();
    private final List<WsRecorder> clients = new ArrayList<>();

    @Test
    void aFullSessionShowsEveryFrameTypeAndEveryPropertyTheSchemaDeclares() {
        ThreadStore store = ThreadStores.inMemory();
        try (TestServer server = TestServer.start(b -> b.model(model).store(store).tokensPerUserPerDay(BUDGET)
                .knowledge(new FailsOnRequest(), Knowledge.embeddings(), Knowledge.MIN_SCORE))) {
            WsRecorder alice = join(server.url(THREAD, "alice"));
            JsonObject ready = alice.expect("ready");
            assertThat(ready.get("reset").getAsBoolean()).isFalse();
            assertThat(ready.get("lastSeq").getAsLong()).isZero();

            long version = builderTurn(alice);
            resendIsADuplicate(alice);
            version = draftByHand(alice, version);
            exportInEveryFormat(alice, version);
            previewTurn(alice);
            knowledgeFilesAndACitedAnswer(server, alice);
            cancelARunningTurnThatMakesChangesBusy(alice);
            pingAndBadFrames(alice);
            rejoinBeyondTheThreadIsAReset(server);
            theUsersListRenamedAndDeleted(server, alice);
            aUserWhoseTokensAreSpentIsRefused(server, store);

            assertEverythingWasShown();
        }
    }

    /**
     * Carol spent her day's tokens in an earlier reply: her ready says so, and her message is refused with the
     * figures. (Alice's budget is far from spent, so the rest of the session runs.)
     */
    private void aUserWhoseTokensAreSpentIsRefused(TestServer server, ThreadStore store) {
        Instant now = Instant.now();
        store.openThread("spent", "carol");
        store.appendUserMessage("spent", ThreadMessage.user("u-1", "Plan my whole year", now, "carol", null)).join();
        store.turnWriter(new TurnLock.Lease("spent", 0)).appendReply(ThreadMessage.assistant("a-1", "Done.", now,
                "u-1", false, new Usage((int) BUDGET, 1)), ChatMemories.NONE).join();
        WsRecorder carol = join(server.url("spent", "carol"));
        assertThat(carol.expect("ready").getAsJsonObject("quota").get("used").getAsLong()).isEqualTo(BUDGET + 1);
        carol.sendUserMessage("One more", "q1");
        JsonObject refused = carol.awaitFrame("error");
        assertThat(refused.get("code").getAsString()).isEqualTo("quota_exceeded");
        assertThat(refused.getAsJsonObject("quota").get("limit").getAsLong()).isEqualTo(BUDGET);
    }

    private WsRecorder join(String url) {
        WsRecorder client = WsRecorder.connect(url);
        clients.add(client);
        return client;
    }

    /** A builder turn: ack, the user's message, thinking, deltas and the builder's changes, the reply, idle. */
    private static long builderTurn(WsRecorder alice) {
        alice.sendUserMessage("I want an agent that helps me plan trips", "c1");
        List<JsonObject> turn = alice.framesThrough(idle());
        assertThat(ofType(turn, "ack").get(0).get("messageId").getAsString()).isNotEmpty();
        assertThat(ofType(turn, "assistant_delta")).isNotEmpty();
        List<JsonObject> changes = ofType(turn, "agent_updated");
        assertThat(changes).isNotEmpty().allMatch(f -> f.get("source").getAsString().equals("builder"));
        JsonObject reply = ofType(turn, "message").get(1).getAsJsonObject("message");
        assertThat(reply.getAsJsonObject("usage").get("outputTokens").getAsInt()).isPositive();
        return changes.get(changes.size() - 1).getAsJsonObject("agent").get("version").getAsLong();
    }

    private static void resendIsADuplicate(WsRecorder alice) {
        alice.sendUserMessage("I want an agent that helps me plan trips", "c1");
        JsonObject ack = alice.expect("ack");
        assertThat(ack.get("duplicate").getAsBoolean()).isTrue();
        assertThat(ack.get("seq").getAsLong()).isEqualTo(1);
    }

    /** A change by hand, a stale one, a revert and a revert to a version never had; the new version. */
    private static long draftByHand(WsRecorder alice, long version) {
        alice.send(update(version, "{\"name\":\"Wanderlust\",\"conversationStarters\":[\"Plan a weekend in Lyon\"],"
                + "\"capabilities\":[\"web_search\"]}", "e1"));
        List<JsonObject> edit = takeUntilAll(alice, "ack", "agent_updated");
        assertThat(ofType(edit, "ack").get(0).has("messageId")).isFalse();
        assertThat(ofType(edit, "agent_updated").get(0).get("source").getAsString()).isEqualTo("user");

        alice.send(update(version, "{\"name\":\"Roamer\"}", "e2"));
        JsonObject conflict = alice.expect("error");
        assertThat(conflict.get("code").getAsString()).isEqualTo("version_conflict");
        assertThat(conflict.get("currentVersion").getAsLong()).isEqualTo(version + 1);

        alice.send("{\"type\":\"revert_agent\",\"version\":1,\"clientMessageId\":\"r1\"}");
        List<JsonObject> revert = takeUntilAll(alice, "ack", "agent_updated");
        assertThat(ofType(revert, "agent_updated").get(0).get("source").getAsString()).isEqualTo("revert");

        alice.send("{\"type\":\"revert_agent\",\"version\":99,\"clientMessageId\":\"r2\"}");
        assertThat(alice.expect("error").get("code").getAsString()).isEqualTo("not_found");
        return version + 2;
    }

    private static void exportInEveryFormat(WsRecorder alice, long version) {
        for (String format : List.of("json", "openai", "markdown")) {
            alice.send("{\"type\":\"export_agent\",\"format\":\"" + format + "\"}");
            JsonObject export = alice.expect("agent_export");
            assertThat(export.get("format").getAsString()).isEqualTo(format);
            assertThat(export.get("version").getAsLong()).isEqualTo(version);
        }
    }

    private static void previewTurn(WsRecorder alice) {
        alice.send("{\"type\":\"user_message\",\"content\":\"Who are you?\",\"clientMessageId\":\"p1\","
                + "\"mode\":\"preview\"}");
        List<JsonObject> turn = alice.framesThrough(idle());
        assertThat(ofType(turn, "message")).hasSize(2)
                .allMatch(f -> f.getAsJsonObject("message").get("channel").getAsString().equals("preview"));
        assertThat(ofType(turn, "assistant_delta")).isNotEmpty()
                .allMatch(f -> f.get("channel").getAsString().equals("preview"));
    }

    /**
     * Two knowledge files added (draft changes), one indexed and one that fails (file_status with its error), then
     * file_search switched on and a preview answered from the ready file, its citations on the first delta and on
     * the reply.
     */
    private static void knowledgeFilesAndACitedAnswer(TestServer server, WsRecorder alice) {
        var knowledge = server.server.engine().knowledge();
        knowledge.add(THREAD, "alice", "notes.md", KnowledgeFixtures.notesMarkdown()).join();
        knowledge.add(THREAD, "alice", FailsOnRequest.NAME, "Nothing to split here.".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).join();
        Set<String> statuses = new HashSet<>();
        long version = 0;
        while (statuses.size() < 2 || version == 0) {
            JsonObject frame = alice.nextFrame();
            if (isType(frame, "file_status")) {
                statuses.add(frame.getAsJsonObject("file").get("status").getAsString());
            } else if (isType(frame, "agent_updated") && frame.getAsJsonObject("agent").getAsJsonArray("files")
                    .size() == 2) {
                version = frame.getAsJsonObject("agent").get("version").getAsLong();
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder("ready", "failed");
        alice.send(update(version, "{\"capabilities\":[\"web_search\",\"file_search\"]}", "e-k"));
        takeUntilAll(alice, "ack", "agent_updated");

        alice.send("{\"type\":\"user_message\",\"content\":\"" + KnowledgeFixtures.MARKDOWN_QUESTION
                + "\",\"clientMessageId\":\"p2\",\"mode\":\"preview\"}");
        List<JsonObject> turn = alice.framesThrough(idle());
        assertThat(ofType(turn, "assistant_delta").get(0).has("citations")).isTrue();
        assertThat(ofType(turn, "message").get(1).getAsJsonObject("message").getAsJsonArray("citations"))
                .isNotEmpty();
    }

    /** A turn the test holds open: a change meanwhile is busy, and cancel stores what had streamed, stopped. */
    private void cancelARunningTurnThatMakesChangesBusy(WsRecorder alice) {
        alice.sendUserMessage(HeldOrOffline.HOLD + ": what should the agent ask first?", "c2");
        alice.framesThrough(f -> isType(f, "status"));
        ScriptedModel.Call call = model.held.awaitCall();
        call.delta("Let me think");
        alice.awaitFrame("assistant_delta");

        alice.send(update(0, "{\"name\":\"Roamer\"}", "e3"));
        JsonObject busy = alice.expect("error");
        assertThat(busy.get("code").getAsString()).isEqualTo("busy");

        alice.send("{\"type\":\"cancel\"}");
        List<JsonObject> end = alice.framesThrough(idle());
        JsonObject stopped = ofType(end, "message").get(0).getAsJsonObject("message");
        assertThat(stopped.get("stopped").getAsBoolean()).isTrue();
        assertThat(stopped.get("content").getAsString()).isEqualTo("Let me think");
    }

    private static void pingAndBadFrames(WsRecorder alice) {
        alice.send("{\"type\":\"ping\"}");
        alice.expect("pong");
        assertThat(errorFor(alice, "{\"type\":")).isEqualTo("invalid_json");
        assertThat(errorFor(alice, "{\"type\":\"user_message\",\"content\":7,\"clientMessageId\":\"c3\"}"))
                .isEqualTo("invalid_message");
        assertThat(errorFor(alice, "{\"type\":\"typing\"}")).isEqualTo("unknown_type");
        assertThat(errorFor(alice, "{\"type\":\"user_message\",\"content\":\"" + "x".repeat(8001)
                + "\",\"clientMessageId\":\"c4\"}")).isEqualTo("message_too_long");
        alice.assertExhausted();
    }

    /** A client that knew an older incarnation of the thread: reset, and everything from seq 1. */
    private void rejoinBeyondTheThreadIsAReset(TestServer server) {
        WsRecorder returning = join(server.url(THREAD, "alice", 1000));
        JsonObject ready = returning.expect("ready");
        assertThat(ready.get("reset").getAsBoolean()).isTrue();
        long lastSeq = ready.get("lastSeq").getAsLong();
        List<JsonObject> replay = returning.framesThrough(f -> f.has("seq") && f.get("seq").getAsLong() == lastSeq);
        assertThat(replay.get(0).get("seq").getAsLong()).isEqualTo(1);
        returning.assertExhausted();
    }

    /** The user's list, watched from a user connection: a search, a rename, and the thread deleted. */
    private void theUsersListRenamedAndDeleted(TestServer server, WsRecorder alice) {
        WsRecorder list = join("ws://127.0.0.1:" + server.port() + "/?userId=alice");
        list.send("{\"type\":\"list_threads\",\"watch\":false}");
        String title = list.expect("threads").getAsJsonArray("threads").get(0).getAsJsonObject().get("title")
                .getAsString();
        String query = title.substring(0, Math.min(4, title.length())).toUpperCase(java.util.Locale.ROOT);
        list.send("{\"type\":\"list_threads\",\"query\":\"" + query + "\",\"limit\":1}");
        JsonObject page = list.expect("threads");
        assertThat(page.getAsJsonArray("threads")).hasSize(1);
        assertThat(page.get("query").getAsString()).isEqualTo(query);
        WsRecorder other = join(server.url("conformance-2", "alice"));
        other.expect("ready");
        list.send("{\"type\":\"list_threads\",\"limit\":1}");
        JsonObject first = list.awaitFrame("threads");
        assertThat(first.has("nextCursor")).isTrue();

        alice.send("{\"type\":\"rename_thread\",\"threadId\":\"" + THREAD + "\",\"title\":\"Trips\","
                + "\"clientMessageId\":\"n1\"}");
        assertThat(alice.awaitFrame("thread_renamed").get("clientMessageId").getAsString()).isEqualTo("n1");
        JsonObject renamed = list.awaitFrame("thread_changed");
        assertThat(renamed.has("thread")).isTrue();

        other.send("{\"type\":\"delete_thread\",\"threadId\":\"" + THREAD + "\",\"clientMessageId\":\"d1\"}");
        assertThat(other.awaitFrame("thread_deleted").get("clientMessageId").getAsString()).isEqualTo("d1");
        assertThat(alice.awaitFrame("error").get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(alice.awaitClose()).isEqualTo(4410);
    }

    private void assertEverythingWasShown() {
        Set<String> types = new TreeSet<>();
        Set<String> paths = new HashSet<>();
        for (WsRecorder client : clients) {
            for (JsonObject frame : client.taken()) {
                types.add(frame.get("type").getAsString());
                paths.addAll(ProtocolSchema.propertyPaths(frame.toString()));
            }
        }
        assertThat(types).as("server frame types the session never showed")
                .containsAll(SCHEMA.serverFrameTypes());
        Set<String> unwritten = new TreeSet<>(SCHEMA.serverPropertyPaths());
        unwritten.removeAll(paths);
        assertThat(unwritten).as("properties the schema declares that the server never wrote in the session")
                .isEmpty();
    }

    private static String errorFor(WsRecorder client, String frame) {
        client.send(frame);
        return client.expect("error").get("code").getAsString();
    }

    /** Frames until each of these types has come at least once: an ack and its event come in either order. */
    private static List<JsonObject> takeUntilAll(WsRecorder client, String... types) {
        Set<String> missing = new HashSet<>(List.of(types));
        List<JsonObject> frames = new ArrayList<>();
        while (!missing.isEmpty()) {
            JsonObject frame = client.nextFrame();
            frames.add(frame);
            missing.remove(frame.get("type").getAsString());
        }
        return frames;
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

    private static List<JsonObject> ofType(List<JsonObject> frames, String type) {
        return frames.stream().filter(f -> isType(f, type)).toList();
    }

    /** chat-knowledge's reader, except that a file of one name has no passages, so that its indexing fails. */
    private static final class FailsOnRequest implements DocumentReader {
        static final String NAME = "fails.txt";
        private final DocumentReader real = Knowledge.reader();

        @Override
        public ReadDocument read(String fileName, byte[] content) throws UnreadableFileException {
            ReadDocument read = real.read(fileName, content);
            return fileName.equals(NAME) ? new ReadDocument(read.type(), "") : read;
        }

        @Override
        public List<Passage> passages(ReadDocument document) {
            return document.text().isEmpty() ? List.of() : real.passages(document);
        }
    }

    /**
     * The offline builder, except for a message that starts with {@link #HOLD}: its model call waits for the test
     * (a {@link ScriptedModel}), so a turn can be caught while it runs.
     */
    private static final class HeldOrOffline implements StreamingChatModel {

        static final String HOLD = "Take your time";

        final ScriptedModel held = new ScriptedModel();
        private final OfflineBuilderModel offline = OfflineBuilderModel.create();

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            String last = request.messages().get(request.messages().size() - 1).toString();
            if (last.contains(HOLD)) {
                held.doChat(request, handler);
            } else {
                offline.doChat(request, handler);
            }
        }
    }
}
