package dev.agentbuilder.chat.client;

import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTED;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.CONNECTING;
import static dev.agentbuilder.chat.client.ConnectionStatus.State.ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/** A user's list of threads against the packaged server: paged, searched, renamed, deleted and watched live. */
@Timeout(120)
class ThreadListIT {

    @TempDir
    Path dataDir;
    private ServerJar server;
    private ThreadListClient alice;

    @BeforeEach
    void start() throws Exception {
        server = ServerJar.start("--port", "0", "--data-dir", dataDir.toString(), "--offline-chunk-delay", "1ms");
        alice = lists("alice", new ListRecorder());
    }

    @AfterEach
    void stop() throws Exception {
        alice.close();
        server.close();
    }

    @Test
    void aUsersThreadsAreListedNewestFirstAPageAtATimeAndNobodyElses() throws Exception {
        chat("t1", "alice", "I want an agent that helps me plan trips");
        chat("t2", "alice", "I want an agent that suggests recipes");
        chat("t3", "alice", "I want an agent that writes poems");
        chat("b1", "bob", "I want an agent that writes songs");

        ServerFrame.Threads first = get(alice.list(null, null, 2));
        ServerFrame.Threads second = get(alice.list(null, first.nextCursor(), 2));

        assertThat(ids(first)).containsExactly("t3", "t2");
        assertThat(first.nextCursor()).isNotNull();
        assertThat(ids(second)).containsExactly("t1");
        assertThat(second.nextCursor()).isNull();
        WireThread t1 = second.threads().get(0);
        assertThat(t1.messageCount()).isEqualTo(2);
        assertThat(t1.lastMessage()).isNotBlank();
        assertThat(t1.title()).isNotBlank();
        assertThat(t1.usage()).as("the tokens of its reply").isNotNull()
                .satisfies(u -> assertThat(u.inputTokens() + u.outputTokens()).isPositive());
    }

    @Test
    void aSearchFindsTheThreadsWhoseTitleHoldsItIgnoringCase() throws Exception {
        chat("t1", "alice", "hello");
        chat("t2", "alice", "hello");
        get(alice.rename("t1", "Weekend in Rome"));

        ServerFrame.Threads found = get(alice.list("rome", null, 20));

        assertThat(ids(found)).containsExactly("t1");
        assertThat(found.query()).isEqualTo("rome");
        assertThat(found.threads().get(0).title()).isEqualTo("Weekend in Rome");
    }

    @Test
    void aRenameIsAnsweredWithTheThreadAndReachesAnotherWatchingClientWithinASecond() throws Exception {
        chat("t1", "alice", "I want an agent that helps me plan trips");
        ListRecorder tab = new ListRecorder();
        try (ThreadListClient otherTab = lists("alice", tab)) {
            get(otherTab.list(null, null, 20));

            WireThread renamed = get(alice.rename("t1", "Trips with Mum"));

            assertThat(renamed.threadId()).isEqualTo("t1");
            assertThat(renamed.title()).isEqualTo("Trips with Mum");
            ServerFrame.ThreadChanged change = tab.awaitChange("t1", "renamed", Duration.ofSeconds(1));
            assertThat(change.thread()).isEqualTo(renamed);
        }
    }

    @Test
    void deletingAThreadClosesItsConnectionsForGoodTellsTheWatchersAndCanBeRepeated() throws Exception {
        ListRecorder tab = new ListRecorder();
        Recorder member = new Recorder();
        try (ThreadListClient otherTab = lists("alice", tab);
                ChatClient inThread = ChatClient.builder().url(server.url()).threadId("doomed").userId("alice")
                        .listener(member).build()) {
            inThread.connect();
            member.awaitStatus(CONNECTED);
            get(otherTab.list(null, null, 20));

            get(alice.delete("doomed"));

            ConnectionStatus stopped = inThread.whenStopped().get(10, TimeUnit.SECONDS);
            assertThat(stopped.state()).isEqualTo(ERROR);
            assertThat(stopped.threadDeleted()).isTrue();
            assertThat(member.frames()).contains(new ServerFrame.ErrorFrame("thread_deleted",
                    "This thread was deleted.", null));
            assertThat(tab.awaitChange("doomed", "deleted", Duration.ofSeconds(1)).thread()).isNull();
            assertThat(ids(get(alice.list(null, null, 20)))).doesNotContain("doomed");
            assertThat(get(alice.delete("doomed"))).isNull();
            assertThat(member.states()).containsExactly(CONNECTING, CONNECTED, ERROR);
        }
    }

    @Test
    void aBadTitleAndAThreadTheUserHasNotAreRefusedWithTheirCodes() throws Exception {
        chat("t1", "alice", "hello");
        chat("b1", "bob", "hello");

        assertThat(refusal(alice.rename("t1", "two\nlines")).code()).isEqualTo("invalid_message");
        assertThat(refusal(alice.rename("t1", "x".repeat(121))).code()).isEqualTo("invalid_message");
        assertThat(refusal(alice.rename("t1", "   ")).code()).isEqualTo("invalid_message");
        assertThat(refusal(alice.rename("nope", "Title")).code()).isEqualTo("not_found");
        // Another user's thread reads the same: ids cannot be probed.
        assertThat(refusal(alice.rename("b1", "Mine now")).code()).isEqualTo("not_found");
        assertThat(refusal(alice.list("x".repeat(121), null, 20)).code()).isEqualTo("invalid_message");
        // The connection stays open after each.
        assertThat(ids(get(alice.list(null, null, 20)))).containsExactly("t1");
    }

    private ThreadListClient lists(String userId, ListRecorder recorder) {
        ThreadListClient client = ThreadListClient.builder().url(server.url()).userId(userId).listener(recorder)
                .build();
        client.connect();
        return client;
    }

    /** Builds a thread by chatting: one message, answered. */
    private void chat(String threadId, String userId, String content) throws Exception {
        try (ChatClient client = ChatClient.builder().url(server.url()).threadId(threadId).userId(userId).build()) {
            client.connect();
            client.send(content);
            client.whenSettled().get(30, TimeUnit.SECONDS);
        }
    }

    private static <T> T get(CompletableFuture<T> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS);
    }

    private static RequestFailedException refusal(CompletableFuture<?> answer) {
        ExecutionException failed = (ExecutionException) catchThrowable(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(failed).as("the request failed").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(RequestFailedException.class);
        return (RequestFailedException) failed.getCause();
    }

    private static List<String> ids(ServerFrame.Threads page) {
        return page.threads().stream().map(WireThread::threadId).toList();
    }
}
