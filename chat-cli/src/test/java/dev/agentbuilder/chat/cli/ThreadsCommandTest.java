package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code chat-cli threads list|rename|delete} against a real server: output, paging, confirmation, exit codes. */
@Timeout(60)
class ThreadsCommandTest {

    private TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void chat(String threadId, String userId, String content) {
        Cli.Result sent = Cli.run("send", "--url", server.url(), "--thread", threadId, "--user", userId, content);
        assertThat(sent.exitCode()).as(sent.err()).isZero();
    }

    private Cli.Result threads(String... args) {
        List<String> all = new ArrayList<>(List.of("threads"));
        all.addAll(List.of(args));
        all.addAll(List.of("--url", server.url(), "--user", "alice"));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void listPrintsATableOfTheUsersThreadsNewestFirst() {
        chat("trips", "alice", "I want an agent that helps me plan trips");
        chat("poems", "alice", "I want an agent that writes poems");
        chat("songs", "bob", "I want an agent that writes songs");
        assertThat(threads("rename", "trips", "Trips with Mum").exitCode()).isZero();

        Cli.Result list = threads("list");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).isEmpty();
        List<String> lines = list.outLines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("TITLE +AGENT +UPDATED \\(UTC\\) +MESSAGES +ID");
        // A rename stores no event: the thread chatted in last is still the newest.
        assertThat(lines.get(1)).endsWith("  poems");
        assertThat(lines.get(2)).startsWith("Trips with Mum  ")
                .matches(".*  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  +2  trips");
        // The columns line up under their headings.
        assertThat(lines.get(2).indexOf("trips")).isEqualTo(lines.get(0).indexOf("ID"));
    }

    @Test
    void aPageAtATimeSaysMoreFollowAndAllReadsEveryPage() {
        chat("t1", "alice", "one");
        chat("t2", "alice", "two");
        chat("t3", "alice", "three");

        Cli.Result page = threads("list", "--limit", "2");
        Cli.Result all = threads("list", "--limit", "2", "--all");

        assertThat(page.exitCode()).isZero();
        assertThat(page.outLines()).hasSize(3);
        assertThat(page.err()).startsWith("More threads follow: add --all, or --cursor ");
        assertThat(all.exitCode()).isZero();
        assertThat(all.outLines()).hasSize(4);
        assertThat(all.outLines().subList(1, 4)).extracting(l -> l.substring(l.lastIndexOf(' ') + 1))
                .containsExactly("t3", "t2", "t1");
        assertThat(all.err()).isEmpty();
    }

    @Test
    void jsonIsTheServersThreadsFrameWithEveryPageInItAndTheSearch() {
        chat("t1", "alice", "Plan a weekend in Rome");
        chat("t2", "alice", "Plan a weekend in Paris");
        assertThat(threads("rename", "t1", "Rome").exitCode()).isZero();

        Cli.Result found = threads("list", "--query", "ROME", "--json");

        assertThat(found.exitCode()).isZero();
        JsonObject frame = JsonParser.parseString(found.out()).getAsJsonObject();
        assertThat(frame.get("type").getAsString()).isEqualTo("threads");
        assertThat(frame.get("query").getAsString()).isEqualTo("ROME");
        assertThat(frame.has("nextCursor")).isFalse();
        JsonArray threads = frame.getAsJsonArray("threads");
        assertThat(threads).hasSize(1);
        JsonObject t1 = threads.get(0).getAsJsonObject();
        assertThat(t1.get("threadId").getAsString()).isEqualTo("t1");
        assertThat(t1.get("title").getAsString()).isEqualTo("Rome");
        assertThat(t1.get("messageCount").getAsLong()).isEqualTo(2);
        JsonObject firstPage = JsonParser.parseString(threads("list", "--json", "--limit", "1").out())
                .getAsJsonObject();
        assertThat(ids(firstPage)).containsExactly("t2");
        assertThat(firstPage.get("nextCursor").getAsString()).isNotBlank();
    }

    @Test
    void aUserWithoutThreadsIsToldSo() {
        assertThat(threads("list").out()).isEqualTo("(no threads)" + System.lineSeparator());
        assertThat(threads("list", "--query", "rome").out())
                .isEqualTo("(no threads match \"rome\")" + System.lineSeparator());
    }

    @Test
    void renamePrintsTheNewTitleAndAThreadTheUserHasNotExitsNotFound() {
        chat("t1", "alice", "hello");
        chat("b1", "bob", "hello");

        Cli.Result renamed = threads("rename", "t1", "Trips with Mum");
        Cli.Result json = threads("rename", "t1", "Trips with Dad", "--json");
        Cli.Result unknown = threads("rename", "nope", "Title");
        Cli.Result bobs = threads("rename", "b1", "Mine now");

        assertThat(renamed.exitCode()).isZero();
        assertThat(renamed.out()).isEqualTo("Renamed t1: Trips with Mum" + System.lineSeparator());
        assertThat(JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("thread").get("title")
                .getAsString()).isEqualTo("Trips with Dad");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.errLines()).containsExactly(
                "chat-cli: the server refused the rename: not_found: You have no thread nope.");
        assertThat(bobs.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aTitleTheServerRefusesExitsWithServerError() {
        chat("t1", "alice", "hello");

        Cli.Result blank = threads("rename", "t1", "  ");
        Cli.Result tooLong = threads("rename", "t1", "x".repeat(121));

        assertThat(blank.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(blank.err()).startsWith("chat-cli: the server refused the rename: invalid_message: ");
        assertThat(tooLong.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    }

    @Test
    void deleteWithYesDeletesAndDeletingAgainSucceedsToo() {
        chat("t1", "alice", "hello");

        Cli.Result deleted = threads("delete", "t1", "--yes");
        Cli.Result again = threads("delete", "t1", "-y", "--json");

        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted t1." + System.lineSeparator());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out().strip()).isEqualTo("{\"type\":\"thread_deleted\",\"threadId\":\"t1\"}");
        assertThat(threads("list").out()).startsWith("(no threads)");
    }

    @Test
    void deleteWithoutYesAndNoTerminalToAskOnRefusesAndDeletesNothing() {
        chat("t1", "alice", "hello");

        Cli.Result refused = threads("delete", "t1");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.errLines()).containsExactly(
                "chat-cli: not deleting t1 without --yes: there is no terminal to ask on");
        assertThat(server.messages("t1")).isNotEmpty();
    }

    @Test
    void onATerminalDeleteAsksFirstAndOnlyYesDeletes() {
        chat("t1", "alice", "hello");
        String[] delete = {"threads", "delete", "t1", "--url", server.url(), "--user", "alice"};

        Cli.Result kept = Cli.runOnATerminal("n\n", delete);
        assertThat(kept.exitCode()).isZero();
        assertThat(kept.err()).startsWith("Delete thread t1 and everything of it (messages, drafts)? This cannot be "
                + "undone. [y/N] ").endsWith("Not deleted." + System.lineSeparator());
        assertThat(kept.out()).isEmpty();
        assertThat(server.messages("t1")).isNotEmpty();

        Cli.Result deleted = Cli.runOnATerminal("y\n", delete);
        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted t1." + System.lineSeparator());
        assertThat(threads("list").out()).startsWith("(no threads)");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(threads("list", "--limit", "0").err()).contains("'--limit': 0 is not 1 to 100");
        assertThat(threads("list", "--limit", "101").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(threads("rename", "bad id", "Title").err()).contains("Invalid value for THREAD: 'bad id'");
        assertThat(threads("delete").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result noUser = Cli.run("threads", "list", "--url", server.url());
        assertThat(noUser.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noUser.err()).contains("Missing required option: '--user=ID' (or set CHAT_USER)");
        Cli.Result noCommand = Cli.run("threads");
        assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCommand.err()).contains("Missing required command: list, rename or delete");
    }

    @Test
    void aServerThatCannotBeReachedExitsWithConnectionFailure() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Cli.Result result = Cli.run("threads", "list", "--url", "ws://127.0.0.1:" + port, "--user", "alice");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.errLines()).singleElement().asString()
                .startsWith("chat-cli: cannot connect to ws://127.0.0.1:" + port + "/?userId=alice");
    }

    @Test
    void aRefusedTokenExitsWithServerErrorAndTheServersWords() {
        try (RefusingServer refusing = RefusingServer.start("unauthorized", TokenOptionTest.EXPIRED, 4401)) {
            Cli.Result result = Cli.run("threads", "delete", "t1", "--yes", "--url", refusing.url(), "--user",
                    "alice", "--token", TokenOptionTest.TOKEN);

            assertThat(refusing.awaitHandshake().authorization()).isEqualTo("Bearer " + TokenOptionTest.TOKEN);
            assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(result.errLines()).containsExactly("chat-cli: the server refused the connection: "
                    + "unauthorized (4401): unauthorized: " + TokenOptionTest.EXPIRED);
        }
    }

    private static List<String> ids(JsonObject frame) {
        List<String> ids = new ArrayList<>();
        for (JsonElement t : frame.getAsJsonArray("threads")) {
            ids.add(t.getAsJsonObject().get("threadId").getAsString());
        }
        return ids;
    }
}
