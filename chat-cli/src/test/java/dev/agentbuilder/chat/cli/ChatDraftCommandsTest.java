package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.ScriptedModel;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** chat's commands for the draft: /edit, /revert, /preview and /history, against a real server. */
@Timeout(60)
class ChatDraftCommandsTest {

    static final String PLAN_TRIPS = "I want an agent that helps me plan trips";
    private static final Pattern AGENT_LINE = Pattern.compile("\\[agent\\] v(\\d+) by (\\w+): (.*)");

    private TestServer server;
    private ChatDriver chat;

    @AfterEach
    void tearDown() {
        if (chat != null) {
            chat.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theBuildersChangesShowAsAgentLinesWithTheirVersionAndSource() {
        server = TestServer.start();
        chat = startChat();

        chat.type(PLAN_TRIPS);

        String first = chat.awaitLineStartingWith("[agent] ");
        assertThat(first).startsWith("[agent] v1 by builder: ").contains("changed description");
        String named = chat.awaitLine(line -> line.startsWith("[agent] ") && line.contains("changed name"),
                "the builder naming the agent");
        assertThat(named).matches("\\[agent\\] v\\d+ by builder: \"" + Pattern.quote(draft().get("name")
                .getAsString()) + "\", changed name.*");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void editNameChangesTheDraftAndShowsItUpdatedByTheUser() {
        server = TestServer.start();
        buildTripPlanner();
        chat = startChat();

        chat.type("/edit name Wanderlust");

        String updated = awaitAgentLine("user");
        assertThat(updated)
                .matches("\\[agent\\] v\\d+ by user: \"Wanderlust\", changed name \\(your /edit name\\)");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
        JsonObject draft = draft();
        assertThat(draft.get("name").getAsString()).isEqualTo("Wanderlust");
        assertThat(draft.get("description").getAsString()).contains("plan trips");
        assertThat(chat.err()).isEmpty();
    }

    @Test
    void editStartersAndCapabilitiesTakesListsSeparatedByBarsAndCommas() {
        server = TestServer.start();
        buildTripPlanner();
        chat = startChat();

        chat.type("/edit starters Plan a weekend in Rome | Find a cheap flight");
        awaitAgentLine("user");
        chat.type("/edit capabilities web_search, code_interpreter");
        String capabilities = awaitAgentLine("user");
        chat.type("/edit starters");
        String cleared = awaitAgentLine("user");
        chat.type("/quit");

        assertThat(chat.awaitExit()).isZero();
        assertThat(capabilities).endsWith(", changed capabilities (your /edit capabilities)");
        assertThat(cleared).endsWith(", changed starters (your /edit starters)");
        JsonObject draft = draft();
        assertThat(draft.getAsJsonArray("conversationStarters")).isEmpty();
        assertThat(draft.getAsJsonArray("capabilities").asList()).extracting(e -> e.getAsString())
                .containsExactly("web_search", "code_interpreter");
    }

    @Test
    void editWithAnUnknownCapabilityPrintsTheServersErrorAndChangesNothing() {
        server = TestServer.start();
        buildTripPlanner();
        long version = draft().get("version").getAsLong();
        chat = startChat();

        chat.type("/edit capabilities web_search, teleportation");

        String error = chat.awaitLineStartingWith("[error] ");
        assertThat(error).startsWith("[error] /edit capabilities: invalid_message: ").contains("teleportation");
        chat.endInput();
        // At the end of input a refused change makes the exit status say so, as a refused message does.
        assertThat(chat.awaitExit()).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(chat.err().lines()).containsExactly("chat-cli: 1 change(s) to the draft were refused");
        assertThat(draft().get("version").getAsLong()).isEqualTo(version);
    }

    @Test
    void editWithABadFieldIsExplainedWithoutAskingTheServer() {
        server = TestServer.start();
        chat = startChat();

        chat.type("/edit colour blue");
        chat.type("/revert latest");

        assertThat(chat.awaitLineStartingWith("[error] ")).isEqualTo("[error] unknown field \"colour\"; usage: "
                + "/edit FIELD VALUE, FIELD one of name, description, instructions, starters (A | B | C), "
                + "capabilities (web_search, code_interpreter); an empty VALUE clears it");
        assertThat(chat.awaitLineStartingWith("[error] ")).startsWith("[error] usage: /revert N");
        chat.endInput();
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void anEditTypedWhileTheBuilderWorksWaitsForTheReplyAndWhatWasTypedAfterItWaitsBehindIt() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(engine -> engine.model(model));
        chat = startChat();
        chat.type("Plan my trip");
        ScriptedModel.Call call = model.awaitCall();

        chat.type("/edit name Wanderlust");
        chat.type("And now?");
        call.delta("Sure.").complete();

        assertThat(chat.awaitLineStartingWith("builder> ")).isEqualTo("builder> Sure.");
        assertThat(chat.awaitLineStartingWith("[agent] "))
                .isEqualTo("[agent] v1 by user: \"Wanderlust\", changed name (your /edit name)");
        // Sent only after the edit was applied: the builder is asked with the edited draft.
        ScriptedModel.Call next = model.awaitCall();
        assertThat(next.lastMessageText()).contains("And now?");
        assertThat(next.request().messages().get(0).toString()).contains("Wanderlust");
        next.delta("Fine.").complete();
        assertThat(chat.awaitLineStartingWith("builder> ")).isEqualTo("builder> Fine.");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
        assertThat(chat.allLines()).noneMatch(line -> line.startsWith("[error]"));
    }

    @Test
    void cancelDoesNotWaitBehindAnEditItStopsTheReplyThatHoldsTheEditUp() {
        ScriptedModel model = new ScriptedModel();
        server = TestServer.start(engine -> engine.model(model));
        chat = startChat();
        chat.type("Plan my trip");
        ScriptedModel.Call call = model.awaitCall();
        call.delta("Let me think");

        chat.type("/edit name Wanderlust");
        chat.type("/cancel");

        assertThat(call.awaitCancelled()).as("the reply was stopped while the edit waited").isTrue();
        assertThat(chat.awaitLineStartingWith("[agent] "))
                .isEqualTo("[agent] v1 by user: \"Wanderlust\", changed name (your /edit name)");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void revertMakesAnEarlierVersionTheNewestAsAVersionBySourceRevert() {
        server = TestServer.start();
        buildTripPlanner();
        String builderName = draft().get("name").getAsString();
        chat = startChat();
        chat.type("/edit name Wanderlust");
        long edited = version(awaitAgentLine("user"));

        chat.type("/revert " + (edited - 1));

        String reverted = awaitAgentLine("revert");
        assertThat(reverted).isEqualTo("[agent] v" + (edited + 1) + " by revert: \"" + builderName
                + "\", changed name (your /revert " + (edited - 1) + ")");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
        assertThat(draft().get("name").getAsString()).isEqualTo(builderName);
    }

    @Test
    void revertToAVersionTheDraftNeverHadIsNotFound() {
        server = TestServer.start();
        buildTripPlanner();
        long version = draft().get("version").getAsLong();
        chat = startChat();

        chat.type("/revert 99");

        assertThat(chat.awaitLineStartingWith("[error] ")).startsWith("[error] /revert 99: not_found: ");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
        assertThat(draft().get("version").getAsLong()).isEqualTo(version);
    }

    @Test
    void previewSendsMessagesToTheAgentWhichAnswersInCharacterUntilToggledOff() {
        server = TestServer.start();
        buildTripPlanner();
        JsonObject before = draft();
        String name = before.get("name").getAsString();
        chat = startChat();

        chat.type("/preview");
        assertThat(chat.awaitLineStartingWith("[preview] "))
                .isEqualTo("[preview] on: your messages go to " + name + " itself, not the builder; "
                        + "/preview again to go back");
        chat.type("Hello, who are you?");
        String reply = chat.awaitLineStartingWith(name + " (preview)> ");
        chat.type("/preview");
        assertThat(chat.awaitLineStartingWith("[preview] "))
                .isEqualTo("[preview] off: your messages go to the builder again");
        chat.type("/quit");

        assertThat(chat.awaitExit()).isZero();
        List<JsonObject> stored = Cli.run("history", "--json", "--url", server.url(), "--thread", "t1",
                "--user", "u1").outLines().stream()
                .map(line -> JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("message"))
                .toList();
        JsonObject question = stored.get(stored.size() - 2);
        JsonObject answer = stored.get(stored.size() - 1);
        assertThat(question.get("content").getAsString()).isEqualTo("Hello, who are you?");
        assertThat(question.get("channel").getAsString()).isEqualTo("preview");
        assertThat(answer.get("channel").getAsString()).isEqualTo("preview");
        assertThat(answer.get("content").getAsString()).contains(name);
        assertThat(reply).isEqualTo(name + " (preview)> " + answer.get("content").getAsString().lines()
                .findFirst().orElseThrow());
        // Talking to the agent does not change it.
        assertThat(draft()).isEqualTo(before);
    }

    @Test
    void historyListsEveryVersionOfTheDraftWithWhoMadeItAndWhatChanged() {
        server = TestServer.start();
        buildTripPlanner();
        chat = startChat();
        chat.type("/edit name Wanderlust");
        long edited = version(awaitAgentLine("user"));

        chat.type("/history");

        chat.awaitLineStartingWith("Versions of the draft");
        List<String> versions = chat.awaitLines(edited).lines().toList();
        assertThat(versions.get(0)).startsWith("  v1  builder  ").endsWith("changed description");
        assertThat(versions.subList(0, versions.size() - 1)).allMatch(line -> line.contains(" builder "));
        assertThat(versions.get(versions.size() - 1))
                .isEqualTo("  v" + edited + "  user     \"Wanderlust\", changed name");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    @Test
    void historyOfASessionThatResumedLateReadsTheOlderVersionsFromTheServer() {
        server = TestServer.start();
        buildTripPlanner();
        long version = draft().get("version").getAsLong();
        long lastSeq = lastSeq();
        chat = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "--last-seq", String.valueOf(lastSeq));
        assertThat(chat.awaitLineStartingWith("[connecting] ")).endsWith("lastSeq=" + lastSeq);
        chat.awaitLineStartingWith("[connected] ");

        chat.type("/history");

        chat.awaitLineStartingWith("Versions of the draft");
        List<String> versions = chat.awaitLines(version).lines().toList();
        assertThat(versions).hasSize((int) version).allMatch(line -> line.matches("  v\\d+  builder  .*"));
        assertThat(versions.get(0)).startsWith("  v1  builder  ");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
        // Nothing before lastSeq was replayed into the transcript.
        assertThat(chat.allLines()).noneMatch(line -> line.startsWith("[agent] ") || line.startsWith("you> "));
    }

    @Test
    void helpListsTheCommandsForTheDraft() {
        server = TestServer.start();
        chat = startChat();

        chat.type("/help");

        chat.awaitLine(line -> line.startsWith("  /edit FIELD VALUE "), "listing /edit");
        chat.awaitLine(line -> line.startsWith("  /revert N "), "listing /revert");
        chat.awaitLine(line -> line.startsWith("  /history "), "listing /history");
        chat.awaitLine(line -> line.startsWith("  /preview "), "listing /preview");
        chat.type("/quit");
        assertThat(chat.awaitExit()).isZero();
    }

    private ChatDriver startChat() {
        ChatDriver started = ChatDriver.start("chat", "--url", server.url(), "--thread", "t1", "--user", "u1");
        started.awaitLineStartingWith("[connected] ");
        return started;
    }

    private void buildTripPlanner() {
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "u1", PLAN_TRIPS).exitCode())
                .isZero();
    }

    /** The next draft change shown that was made by {@code source}. */
    private String awaitAgentLine(String source) {
        return chat.awaitLine(line -> line.startsWith("[agent] v") && line.contains(" by " + source + ": "),
                "a change by " + source);
    }

    private static long version(String agentLine) {
        Matcher m = AGENT_LINE.matcher(agentLine);
        assertThat(m.matches()).as(agentLine).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The draft as the server has it now, from a separate run of chat-cli agent. */
    private JsonObject draft() {
        Cli.Result result = Cli.run("agent", "--url", server.url(), "--thread", "t1", "--user", "u1");
        assertThat(result.exitCode()).as(result.err()).isZero();
        return JsonParser.parseString(result.out()).getAsJsonObject();
    }

    private long lastSeq() {
        try (WireClient client = WireClient.join(server.url(), "t1", "u1")) {
            return client.await(ServerFrame.Ready.class).lastSeq();
        }
    }
}
