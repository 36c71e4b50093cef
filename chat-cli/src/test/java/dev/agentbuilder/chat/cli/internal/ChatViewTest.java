package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireCitation;
import dev.agentbuilder.chat.protocol.WireFile;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatViewTest {

    private static final String ERASE = "\r\033[K";
    private static final WireAgent V1 = new WireAgent("", "Helps you plan trips.", "", List.of(), List.of(), 1);
    private static final WireAgent V2 = new WireAgent("Trip Planner", "Helps you plan trips.", "", List.of(),
            List.of(), 2);

    private final StringWriter screen = new StringWriter();

    @Test
    void onATerminalThePromptSaysWhenMessagesGoToTheAgentInPreview() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", true);
        view.connected(ready(V2));
        assertThat(screen.toString()).endsWith("[connected] thread t1 as u1" + System.lineSeparator() + "> ");

        view.preview(true);
        assertThat(screen.toString()).endsWith(ERASE + "[preview] on: your messages go to Trip Planner itself, "
                + "not the builder; /preview again to go back" + System.lineSeparator() + "preview> ");

        view.preview(false);
        assertThat(screen.toString()).endsWith(ERASE + "[preview] off: your messages go to the builder again"
                + System.lineSeparator() + "> ");
    }

    @Test
    void onATerminalAStreamingReplyReplacesThePromptWhichComesBackAfterIt() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", true);
        view.connected(ready(V2));
        view.preview(true);
        view.entered();
        int start = screen.toString().length();

        view.frame(new ServerFrame.AssistantDelta("r1", "Hi, I'm ", "preview"));
        view.frame(new ServerFrame.AssistantDelta("r1", "Trip Planner.", "preview"));
        view.frame(new ServerFrame.Message(5, new WireMessage("r1", "assistant", "Hi, I'm Trip Planner.",
                "2026-01-01T00:00:00Z", null, null, "m1", null, null, "preview")));

        assertThat(screen.toString().substring(start)).isEqualTo(ERASE + "Trip Planner (preview)> Hi, I'm Trip Planner."
                + System.lineSeparator() + "preview> ");
    }

    @Test
    void aPreviewReplyAnsweredFromKnowledgeFilesHasItsSourcesUnderIt() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));
        int start = screen.toString().length();
        WireCitation citation = new WireCitation("f-1", "handbook.pdf", "Employees accrue 25 days\nof paid leave.",
                4, 0, 38, 0.71);

        view.frame(new ServerFrame.AssistantDelta("r1", "25 days.", "preview", List.of(citation)));
        view.frame(new ServerFrame.Message(5, new WireMessage("r1", "assistant", "25 days.",
                "2026-01-01T00:00:00Z", null, null, "m1", null, null, "preview", List.of(citation))));

        assertThat(screen.toString().substring(start).lines()).containsExactly(
                "Trip Planner (preview)> 25 days.",
                "Sources: [1] handbook.pdf (passage 4): \"Employees accrue 25 days of paid leave.\"");
    }

    @Test
    void aFileThatIsIndexedIsANoteThatDoesNotCutAStreamingReply() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));
        int start = screen.toString().length();

        view.frame(new ServerFrame.AssistantDelta("r1", "Hello", null));
        view.fileStatus(new WireFile("f-1", "scan.pdf", 10, "application/pdf", "failed", "The PDF has no text."));
        view.frame(new ServerFrame.Message(5, new WireMessage("r1", "assistant", "Hello",
                "2026-01-01T00:00:00Z", null, null, "m1", null, null)));

        assertThat(screen.toString().substring(start).lines()).containsExactly(
                "builder> Hello",
                "[file] scan.pdf failed: The PDF has no text.");
    }

    @Test
    void withoutATerminalThereIsNoPromptSoEveryEventIsOneLine() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));
        view.preview(true);
        view.entered();

        assertThat(screen.toString()).doesNotContain("> ", ERASE).isEqualTo("[connected] thread t1 as u1"
                + System.lineSeparator() + "[preview] on: your messages go to Trip Planner itself, not the builder; "
                + "/preview again to go back" + System.lineSeparator());
    }

    @Test
    void aDraftChangeShowsItsVersionWhoMadeItAndWhatChanged() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));

        view.frame(new ServerFrame.AgentUpdated(1, V1, null));
        view.frame(new ServerFrame.AgentUpdated(2, V2, "builder"));
        view.frame(new ServerFrame.AgentUpdated(3, new WireAgent("Wanderlust", "Helps you plan trips.", "",
                List.of(), List.of("web_search"), 3), "user"));

        assertThat(screen.toString().lines()).containsExactly(
                "[connected] thread t1 as u1",
                "[agent] v1 by builder: (unnamed), changed description",
                "[agent] v2 by builder: \"Trip Planner\", changed name",
                "[agent] v3 by user: \"Wanderlust\", changed name, capabilities");
    }

    @Test
    void theChangeThatAnswersARequestFromHereSaysSo() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V1));
        view.requested("e-1", "/edit name");

        view.frame(new ServerFrame.Ack("e-1", null, 7, false));
        view.frame(new ServerFrame.AgentUpdated(6, V1, "builder"));
        view.frame(new ServerFrame.AgentUpdated(7, V2, "user"));

        assertThat(screen.toString().lines()).containsExactly(
                "[connected] thread t1 as u1",
                "[agent] v1 by builder: (unnamed), changed description",
                "[agent] v2 by user: \"Trip Planner\", changed name (your /edit name)");
    }

    @Test
    void aVersionConflictSaysWhichVersionTheDraftIsAtAndToTryAgain() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));
        view.requested("e-1", "/edit name");

        view.frame(new ServerFrame.ErrorFrame("version_conflict", "the draft is at version 3, not 2", "e-1", 3L));

        assertThat(screen.toString().lines()).last().isEqualTo("[error] /edit name: version_conflict: the draft is "
                + "at version 3, not 2; the draft is at v3 now (changed meanwhile): look at it with /agent and "
                + "try again");
        assertThat(view.failedChanges()).isEqualTo(1);
        assertThat(view.failedMessages()).isZero();
    }

    @Test
    void theDraftIsTheNewestVersionReceivedEvenWhileOlderOnesAreReplayed() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));

        view.frame(new ServerFrame.AgentUpdated(1, V1, "builder"));

        assertThat(view.draft()).isEqualTo(V2);
        assertThat(view.historyIncomplete()).isTrue();
        view.frame(new ServerFrame.AgentUpdated(2, V2, "builder"));
        assertThat(view.historyIncomplete()).isFalse();
    }

    @Test
    void historyListsTheVersionsReceivedAndSaysWhichAreMissing() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(new WireAgent("Trip Planner", "Helps you plan trips.", "", List.of(), List.of(), 4)));
        view.frame(new ServerFrame.AgentUpdated(2, V2, "builder"));

        view.printHistory();

        assertThat(screen.toString().lines()).containsSubsequence(
                "Versions of the draft (/revert N goes back to one; v0 is the empty draft):",
                "  v2  builder  \"Trip Planner\"",
                "  (not received: v1, v3, v4)");
    }

    @Test
    void historyOfANewDraftSaysItHasNoVersionsYet() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(DraftHistory.EMPTY));

        view.printHistory();

        assertThat(screen.toString().lines()).last()
                .isEqualTo("[history] the draft has no versions yet (v0, the empty draft, only)");
    }

    @Test
    void aRepeatedChangeAckedAsDuplicateSaysItWasAppliedAlready() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V2));
        view.requested("e-1", "/edit name");

        view.frame(new ServerFrame.Ack("e-1", null, 3, true));

        assertThat(screen.toString().lines()).last().isEqualTo("[agent] /edit name was applied already (seq 3)");
    }

    @Test
    void aChangeWhoseEventCameBeforeItsAckLeavesNothingWaiting() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V1));
        view.requested("e1", "/edit name");

        view.frame(new ServerFrame.AgentUpdated(2, V2, "user"));
        view.frame(new ServerFrame.Ack("e1", null, 2, false));

        assertThat(view.readyForChange()).isTrue();
    }

    @Test
    void draftChangesThatComeWhileAReplyStreamsArePrintedAfterItNotInside() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V1));
        int start = screen.toString().length();

        view.frame(new ServerFrame.AssistantDelta("r1", "I've ", null));
        view.frame(new ServerFrame.AgentUpdated(2, V2, "builder"));
        view.frame(new ServerFrame.AssistantDelta("r1", "named it.", null));
        view.frame(new ServerFrame.Message(3, new WireMessage("r1", "assistant", "I've named it.",
                "2026-01-01T00:00:00Z", null, null, "m1", null, null)));

        assertThat(screen.toString().substring(start).split(System.lineSeparator())).satisfiesExactly(
                reply -> assertThat(reply).isEqualTo("builder> I've named it."),
                note -> assertThat(note).startsWith("[agent] v2 by builder: \"Trip Planner\""));
    }

    @Test
    void aDisconnectForgetsTheStatusSoNoChangeGoesBeforeTheNextJoin() {
        ChatView view = new ChatView(new PrintWriter(screen), "u1", false);
        view.connected(ready(V1));
        assertThat(view.readyForChange()).isTrue();

        view.disconnected("the server went away", Duration.ofSeconds(1));

        assertThat(view.readyForChange()).isFalse();
    }

    private static ServerFrame.Ready ready(WireAgent agent) {
        return new ServerFrame.Ready("t1", "u1", "c1", 2, agent, "idle", false);
    }
}
