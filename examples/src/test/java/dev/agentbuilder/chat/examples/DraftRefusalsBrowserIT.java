package dev.agentbuilder.chat.examples;

import static dev.agentbuilder.chat.examples.WebChatTestbed.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changes to the draft by hand that cannot be made as they are, in a real headless Chromium against the real chat
 * server: what the page says and keeps when two tabs change the draft at the same time (also when the refusal
 * reaches a tab before the other tab's change does), when the builder is working (its turn held open by
 * {@link GatedBuilderModel}, so it certainly is), and at the limits of the draft's text. Each test has its own thread.
 */
class DraftRefusalsBrowserIT extends WebChatBrowserTest {

    private static final String TRIP_REQUEST = "I want an agent that helps me plan trips";

    private final GatedBuilderModel builder = new GatedBuilderModel();

    @Override
    StreamingChatModel builderModel() {
        return builder;
    }

    @AfterEach
    void openTheGate() {
        builder.open(); // a turn that a failed test held must not run into the next test
    }

    @Test
    void aStarterTheServerRefusesIsExplainedAndStaysInItsBox() {
        DraftPanel draft = testbed.open("draft-starter-twice").awaitStatus("connected").draftPanel();
        draft.addStarter("Plan a weekend in Rome").awaitStarters(List.of("Plan a weekend in Rome"));

        draft.addStarter("plan a weekend in ROME");

        assertThat(draft.awaitError()).startsWith("The server refused that change: ");
        assertThat(draft.starterInput()).isEqualTo("plan a weekend in ROME");
        assertThat(draft.starters()).containsExactly("Plan a weekend in Rome");
        assertThat(draft.version()).isEqualTo(1);
    }

    @Test
    void aSaveOnAVersionAnotherTabChangedIsAConflictThatKeepsWhatWasTyped() throws Exception {
        String thread = "draft-conflict";
        ChatPage tabA = testbed.open(thread).awaitStatus("connected");
        ChatPage tabB = testbed.openInNewWindow(thread);

        DraftPanel draftB = tabB.draftPanel();
        draftB.edit("name").type("name", "Voyager");

        tabA.focus();
        tabA.draftPanel().edit("description").type("description", "Plans trips in Europe").save("description")
                .awaitVersion(1);

        tabB.focus();
        // The other fields follow the draft while the name is being edited; the name's editor keeps its text.
        draftB.awaitField("description", "Plans trips in Europe").awaitVersion(1);
        assertThat(draftB.editorText("name")).isEqualTo("Voyager");
        assertThat(draftB.editorNote("name")).startsWith("The draft has changed since you started editing");

        draftB.save("name");
        String conflict = draftB.awaitEditorNote("name", "Not saved");
        assertThat(conflict).contains("changed while you were editing").contains("version 1")
                .contains("Your text is kept here");
        assertThat(draftB.editorOpen("name")).isTrue();
        assertThat(draftB.editorText("name")).isEqualTo("Voyager");
        assertThat(draftB.version()).isEqualTo(1);
        testbed.browser.screenshot("web-chat-conflict");

        draftB.save("name");
        draftB.awaitField("name", "Voyager").awaitVersion(2).awaitEditorClosed("name");
        tabA.focus();
        tabA.draftPanel().awaitField("name", "Voyager").awaitVersion(2);
        assertThat(tabA.draftPanel().field("description")).isEqualTo("Plans trips in Europe");
        JsonObject stored = ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER);
        assertThat(stored.get("name").getAsString()).isEqualTo("Voyager");
        assertThat(stored.get("description").getAsString()).isEqualTo("Plans trips in Europe");
        assertThat(stored.get("version").getAsInt()).as("the refused save stored nothing").isEqualTo(2);
    }

    @Test
    void aConflictThatArrivesBeforeTheOtherTabsChangeLetsSaveGoOnlyOnceThatChangeIsShown() throws Exception {
        String thread = "draft-conflict-first";
        ChatPage tabA = testbed.open(thread).awaitStatus("connected");
        ChatPage tabB = testbed.openInNewWindowWithHeldFrames(thread);
        DraftPanel draftB = tabB.draftPanel();
        draftB.edit("name").type("name", "Voyager");
        // Tab B hears of tab A's change only after the server has refused its own save: the order a busy server,
        // or two servers, may give.
        HeldFrames held = tabB.heldFrames().hold("agent_updated");

        tabA.focus();
        tabA.draftPanel().edit("name").type("name", "Wanderlust").save("name").awaitVersion(1);
        tabB.focus();
        held.awaitHeld(1);
        draftB.save("name");

        String waiting = draftB.awaitEditorNote("name", "Not saved");
        assertThat(waiting).contains("it is now version 1").contains("Waiting for version 1");
        assertThat(draftB.saveEnabled("name")).as("Save, before the page shows what changed").isFalse();
        assertThat(draftB.editorText("name")).isEqualTo("Voyager");
        assertThat(draftB.version()).isEqualTo(0);

        held.release();
        String conflict = draftB.awaitEditorNoteContaining("name", "The name is now “Wanderlust”.");
        assertThat(conflict).startsWith("Not saved: the draft changed while you were editing (it is now version 1).")
                .endsWith("Your text is kept here: save again to apply it to version 1.");
        assertThat(draftB.saveEnabled("name")).isTrue();
        assertThat(draftB.version()).isEqualTo(1);
        assertThat(draftB.editorText("name")).isEqualTo("Voyager");

        draftB.save("name").awaitField("name", "Voyager").awaitVersion(2).awaitEditorClosed("name");
        JsonObject stored = ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER);
        assertThat(stored.get("name").getAsString()).isEqualTo("Voyager");
        assertThat(stored.get("version").getAsInt()).isEqualTo(2);
    }

    @Test
    void aConflictsVersionThatIsLongInComingGivesSaveBackButNeverOverwritesTheChangeUnseen() throws Exception {
        String thread = "draft-conflict-late";
        ChatPage tabA = testbed.open(thread).awaitStatus("connected");
        ChatPage tabB = testbed.openInNewWindowWithHeldFrames(thread);
        DraftPanel draftB = tabB.draftPanel();
        draftB.edit("name").type("name", "Voyager");
        HeldFrames held = tabB.heldFrames().hold("agent_updated");
        tabA.focus();
        tabA.draftPanel().edit("name").type("name", "Wanderlust").save("name").awaitVersion(1);
        tabB.focus();
        held.awaitHeld(1);
        draftB.save("name");
        draftB.awaitEditorNote("name", "Not saved");
        assertThat(draftB.saveEnabled("name")).isFalse();

        // The version never comes (as when the write behind it failed): after a while Save is back, on the
        // version shown...
        String late = draftB.awaitEditorNoteContaining("name", "which has not reached this page");
        assertThat(late).endsWith("save again to apply it to version 0.");
        assertThat(draftB.saveEnabled("name")).isTrue();
        // ...where the server refuses it again, so the change the page has not shown is not overwritten.
        draftB.save("name");
        assertThat(draftB.awaitEditorNoteContaining("name", "Waiting for version 1")).startsWith("Not saved");

        held.release();
        draftB.awaitEditorNoteContaining("name", "The name is now “Wanderlust”.");
        draftB.save("name").awaitField("name", "Voyager").awaitVersion(2).awaitEditorClosed("name");
        assertThat(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER).get("version").getAsInt())
                .isEqualTo(2);
    }

    @Test
    void aSaveWhileTheBuilderIsWorkingIsRefusedAsBusyAndCanBeSentAgainAfterwards() throws Exception {
        String thread = "draft-busy";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        DraftPanel draft = page.draftPanel();
        builder.close();
        page.send(TRIP_REQUEST);
        int built = (int) builder.awaitHeldAnswer().version();
        draft.awaitVersion(built).awaitField("name", "Trip Planner");

        draft.edit("name").type("name", "Wanderlust").save("name");

        assertThat(draft.awaitEditorNote("name", "The builder is working on the draft right now"))
                .contains("try again once it has answered");
        assertThat(draft.editorText("name")).isEqualTo("Wanderlust");
        assertThat(draft.saveEnabled("name")).isTrue();
        builder.open();
        page.awaitSettled(1);
        assertThat(draft.version()).isEqualTo(built);
        draft.save("name").awaitField("name", "Wanderlust").awaitVersion(built + 1).awaitEditorClosed("name");
        assertThat(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER).get("name").getAsString())
                .isEqualTo("Wanderlust");
    }

    @Test
    void aBusyRefusalStaysExplainedWhenTheDraftChangedDuringTheEdit() throws Exception {
        String thread = "draft-busy-stale";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        DraftPanel draft = page.draftPanel();
        draft.edit("name").type("name", "Wanderlust");
        builder.close();
        page.send(TRIP_REQUEST);
        int built = (int) builder.awaitHeldAnswer().version();
        draft.awaitVersion(built);
        assertThat(draft.awaitEditorNote("name", "The draft has changed since you started editing"))
                .contains("The name is now “Trip Planner”.");

        draft.save("name");

        String busy = draft.awaitEditorNote("name", "The builder is working on the draft right now");
        assertThat(busy).as("the reason, and what changed meanwhile").contains("try again once it has answered")
                .contains("it is now version " + built).contains("The name is now “Trip Planner”.");
        builder.open();
        page.awaitSettled(1);

        // The text was typed on version 0: saved on the builder's version it is a conflict first, then stored.
        draft.save("name");
        assertThat(draft.awaitEditorNote("name", "Not saved")).contains("save again to apply it to version " + built);
        draft.save("name").awaitField("name", "Wanderlust").awaitVersion(built + 1).awaitEditorClosed("name");
        assertThat(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER).get("name").getAsString())
                .isEqualTo("Wanderlust");
    }

    @Test
    void escapeAndCancelWhileSavingLeaveTheEditorOpenSoARefusalKeepsTheText() {
        ChatPage page = testbed.open("draft-save-escape").awaitStatus("connected");
        DraftPanel draft = page.draftPanel();
        builder.close();
        page.send(TRIP_REQUEST);
        int built = (int) builder.awaitHeldAnswer().version();
        draft.awaitVersion(built);
        draft.edit("description").type("description", "Plans trips in Europe");

        assertThat(draft.saveThenEscapeAndCancel("description")).as("the editor while its save is on its way")
                .isTrue();

        draft.awaitEditorNote("description", "The builder is working on the draft right now");
        assertThat(draft.editorText("description")).isEqualTo("Plans trips in Europe");
        draft.cancel("description");
        assertThat(draft.editorOpen("description")).as("the editor once the save was answered").isFalse();
        builder.open();
        page.awaitSettled(1);
    }

    @Test
    void aNameOf80EmojiIsSavedWholeAnd81AreExplainedBeforeAnythingIsSent() throws Exception {
        String thread = "draft-emoji";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        DraftPanel draft = page.draftPanel();
        String eighty = "🧭".repeat(80);

        draft.edit("name").insert("name", eighty + "🧭");
        assertThat(draft.editorText("name")).as("nothing is cut off while typing").isEqualTo(eighty + "🧭");
        draft.save("name");
        assertThat(draft.awaitEditorNote("name", "Not saved")).isEqualTo("Not saved: the name can be at most 80 "
                + "characters, and this one has 81. Shorten it and save again.");
        assertThat(draft.editorText("name")).as("the text refused, kept").isEqualTo(eighty + "🧭");

        draft.insert("name", eighty).save("name");
        draft.awaitVersion(1).awaitField("name", eighty).awaitEditorClosed("name");
        assertThat(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER).get("name").getAsString())
                .isEqualTo(eighty);

        String starter = "🗺".repeat(200);
        draft.insertStarter(starter).awaitStarters(List.of(starter));
        draft.insertStarter(starter + "🗺");
        assertThat(draft.awaitError()).isEqualTo("A conversation starter can be at most 200 characters, and this one "
                + "has 201. Shorten it and add it again.");
        assertThat(draft.starterInput()).isEqualTo(starter + "🗺");
        assertThat(draft.version()).isEqualTo(2);
    }
}
