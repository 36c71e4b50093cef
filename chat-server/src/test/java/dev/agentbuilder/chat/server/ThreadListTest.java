package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.protocol.CloseCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A user's threads over the WebSocket: listed, searched, paged, watched live, renamed and deleted. */
@Timeout(60)
class ThreadListTest {

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WsRecorder userConnection(String userId) {
        return WsRecorder.connect("ws://127.0.0.1:" + server.port() + "/?userId=" + userId);
    }

    /** Builds a thread by chatting: one message, answered. */
    private void chat(String threadId, String userId, String content) {
        WsRecorder thread = server.connect(threadId, userId);
        thread.expect("ready");
        thread.sendUserMessage(content, "c-" + threadId);
        thread.framesThrough(f -> f.get("type").getAsString().equals("message")
                && f.getAsJsonObject("message").get("role").getAsString().equals("assistant"));
        thread.close();
    }

    private static List<String> ids(JsonObject threads) {
        List<String> ids = new ArrayList<>();
        for (JsonElement t : threads.getAsJsonArray("threads")) {
            ids.add(t.getAsJsonObject().get("threadId").getAsString());
        }
        return ids;
    }

    @Test
    void aUsersThreadsAreListedNewestFirstWithTheirTitlesAgentsAndLastMessages() {
        chat("trips", "alice", "I want an agent that helps me plan trips");
        chat("recipes", "alice", "I want an agent that suggests recipes");
        chat("bobs", "bob", "I want an agent that writes poems");

        WsRecorder list = userConnection("alice");
        list.send("{\"type\":\"list_threads\"}");
        JsonObject page = list.expect("threads");

        assertThat(ids(page)).containsExactly("recipes", "trips");
        assertThat(page.has("nextCursor")).isFalse();
        JsonObject trips = page.getAsJsonArray("threads").get(1).getAsJsonObject();
        assertThat(trips.get("messageCount").getAsLong()).isEqualTo(2);
        assertThat(trips.getAsJsonObject("agent").get("version").getAsLong()).isPositive();
        String agentName = trips.getAsJsonObject("agent").get("name").getAsString();
        assertThat(agentName).isNotBlank();
        assertThat(trips.get("title").getAsString()).isEqualTo(agentName);
        assertThat(trips.get("lastMessage").getAsString()).isNotBlank();
    }

    @Test
    void aSearchFindsThreadsByTitleIgnoringCaseAndPagesFollowTheirCursorToTheEnd() {
        for (int i = 0; i < 5; i++) {
            WsRecorder t = server.connect("t" + i, "alice");
            t.expect("ready");
            t.close();
        }
        WsRecorder list = userConnection("alice");
        list.send("{\"type\":\"rename_thread\",\"threadId\":\"t3\",\"title\":\"Garden PLANNER\"}");
        assertThat(list.expect("thread_renamed").getAsJsonObject("thread").get("title").getAsString())
                .isEqualTo("Garden PLANNER");

        list.send("{\"type\":\"list_threads\",\"query\":\"garden planner\"}");
        JsonObject found = list.expect("threads");
        assertThat(ids(found)).containsExactly("t3");
        assertThat(found.get("query").getAsString()).isEqualTo("garden planner");

        List<String> all = new ArrayList<>();
        list.send("{\"type\":\"list_threads\",\"limit\":2}");
        JsonObject page = list.expect("threads");
        all.addAll(ids(page));
        while (page.has("nextCursor")) {
            assertThat(ids(page)).hasSize(2);
            list.send("{\"type\":\"list_threads\",\"limit\":2,\"cursor\":\"" + page.get("nextCursor").getAsString()
                    + "\"}");
            page = list.expect("threads");
            all.addAll(ids(page));
        }
        assertThat(all).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4").doesNotHaveDuplicates();
    }

    @Test
    void badListRequestsAreRefusedWithAClearErrorAndTheConnectionStaysOpen() {
        WsRecorder list = userConnection("alice");
        list.send("{\"type\":\"list_threads\",\"limit\":0}");
        assertThat(list.expect("error").get("code").getAsString()).isEqualTo("invalid_message");
        list.send("{\"type\":\"list_threads\",\"limit\":10000}");
        assertThat(list.expect("error").get("message").getAsString()).contains("between 1 and 100");
        list.send("{\"type\":\"list_threads\",\"cursor\":\"not-a-cursor\"}");
        assertThat(list.expect("error").get("message").getAsString()).contains("cursor");
        list.send("{\"type\":\"rename_thread\",\"threadId\":\"x\",\"title\":\"" + "a".repeat(10_000) + "\","
                + "\"clientMessageId\":\"r1\"}");
        JsonObject tooLong = list.expect("error");
        assertThat(tooLong.get("code").getAsString()).isEqualTo("invalid_message");
        assertThat(tooLong.get("clientMessageId").getAsString()).isEqualTo("r1");
        list.send("{\"type\":\"rename_thread\",\"threadId\":\"x\",\"title\":\"two\\nlines\"}");
        assertThat(list.expect("error").get("message").getAsString()).contains("control characters");
        list.send("{\"type\":\"user_message\",\"content\":\"hello\"}");
        assertThat(list.expect("error").get("message").getAsString()).contains("no thread");
        list.send("{\"type\":\"ping\"}");
        list.expect("pong");
    }

    @Test
    void aCursorOfAnotherUsersListIsRefused() {
        for (int i = 0; i < 3; i++) {
            WsRecorder t = server.connect("b" + i, "bob");
            t.expect("ready");
            t.close();
        }
        WsRecorder bob = userConnection("bob");
        bob.send("{\"type\":\"list_threads\",\"limit\":1}");
        String cursor = bob.expect("threads").get("nextCursor").getAsString();

        WsRecorder alice = userConnection("alice");
        alice.send("{\"type\":\"list_threads\",\"limit\":1,\"cursor\":\"" + cursor + "\"}");
        assertThat(alice.expect("error").get("message").getAsString()).contains("another list");
    }

    @Test
    void anotherUsersThreadCannotBeRenamedAndDeletingItLeavesItAlone() {
        chat("bobs", "bob", "I want an agent that writes poems");
        WsRecorder alice = userConnection("alice");
        alice.send("{\"type\":\"rename_thread\",\"threadId\":\"bobs\",\"title\":\"Mine now\",\"clientMessageId\":\"r\"}");
        JsonObject refused = alice.expect("error");
        assertThat(refused.get("code").getAsString()).isEqualTo("not_found");
        alice.send("{\"type\":\"delete_thread\",\"threadId\":\"bobs\",\"clientMessageId\":\"d\"}");
        assertThat(alice.expect("thread_deleted").get("clientMessageId").getAsString()).isEqualTo("d");

        WsRecorder bob = userConnection("bob");
        bob.send("{\"type\":\"list_threads\"}");
        JsonObject page = bob.expect("threads");
        assertThat(ids(page)).containsExactly("bobs");
        assertThat(page.getAsJsonArray("threads").get(0).getAsJsonObject().get("messageCount").getAsLong())
                .isEqualTo(2);
    }

    @Test
    void aWatchingTabSeesThreadsCreatedUpdatedRenamedAndDeletedByAnother() {
        WsRecorder watcher = userConnection("alice");
        watcher.send("{\"type\":\"list_threads\"}");
        assertThat(ids(watcher.expect("threads"))).isEmpty();

        WsRecorder thread = server.connect("live", "alice");
        thread.expect("ready");
        JsonObject created = watcher.awaitFrame("thread_changed");
        assertThat(created.get("change").getAsString()).isEqualTo("created");
        assertThat(created.get("threadId").getAsString()).isEqualTo("live");

        thread.sendUserMessage("I want an agent that helps me plan trips", "c1");
        JsonObject updated = watcher.awaitFrame("thread_changed");
        assertThat(updated.get("change").getAsString()).isEqualTo("updated");
        assertThat(updated.getAsJsonObject("thread").get("messageCount").getAsLong()).isPositive();
        thread.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));

        WsRecorder other = userConnection("alice");
        other.send("{\"type\":\"rename_thread\",\"threadId\":\"live\",\"title\":\"Trips\"}");
        other.expect("thread_renamed");
        JsonObject renamed = awaitChange(watcher, "renamed");
        assertThat(renamed.getAsJsonObject("thread").get("title").getAsString()).isEqualTo("Trips");

        other.send("{\"type\":\"delete_thread\",\"threadId\":\"live\",\"clientMessageId\":\"d1\"}");
        JsonObject deleted = awaitChange(watcher, "deleted");
        assertThat(deleted.has("thread")).isFalse();
        assertThat(other.awaitFrame("thread_deleted").get("threadId").getAsString()).isEqualTo("live");

        JsonObject told = thread.awaitFrame("error");
        assertThat(told.get("code").getAsString()).isEqualTo("thread_deleted");
        assertThat(thread.awaitClose()).isEqualTo(CloseCodes.THREAD_DELETED);
    }

    @Test
    void aDeletedThreadStartsEmptyWhenItsIdIsUsedAgain() {
        chat("again", "alice", "I want an agent that helps me plan trips");
        WsRecorder list = userConnection("alice");
        list.send("{\"type\":\"delete_thread\",\"threadId\":\"again\"}");
        list.expect("thread_deleted");

        WsRecorder reopened = server.connect("again", "alice");
        JsonObject ready = reopened.expect("ready");
        assertThat(ready.get("lastSeq").getAsLong()).isZero();
        assertThat(ready.getAsJsonObject("agent").get("version").getAsLong()).isZero();
        list.send("{\"type\":\"list_threads\",\"watch\":false}");
        JsonArray threads = list.expect("threads").getAsJsonArray("threads");
        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).getAsJsonObject().get("messageCount").getAsLong()).isZero();
    }

    private static JsonObject awaitChange(WsRecorder watcher, String change) {
        while (true) {
            JsonObject frame = watcher.awaitFrame("thread_changed");
            if (frame.get("change").getAsString().equals(change)) {
                return frame;
            }
        }
    }
}
