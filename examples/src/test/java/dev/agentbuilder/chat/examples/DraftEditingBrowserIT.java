package dev.agentbuilder.chat.examples;

import static dev.agentbuilder.chat.examples.WebChatTestbed.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.examples.DraftPanel.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The draft panel edited by hand in a real headless Chromium, against the real chat server: fields saved inline,
 * starters added and removed, capabilities switched, versions restored from the history. What happens when a change
 * is refused is in {@link DraftRefusalsBrowserIT}. Each test has its own thread.
 */
class DraftEditingBrowserIT extends WebChatBrowserTest {

    private static final String TRIP_REQUEST = "I want an agent that helps me plan trips";


    @Test
    void aNameEditedInlineIsSavedAndTheBuilderKeepsItAfterItsNextMessage() throws Exception {
        String thread = "draft-name";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        page.send(TRIP_REQUEST);
        page.awaitSettled(1);
        DraftPanel draft = page.draftPanel();
        assertThat(draft.field("name")).isEqualTo("Trip Planner");
        int built = draft.version();

        draft.edit("name").type("name", "Wanderlust").save("name");
        draft.awaitField("name", "Wanderlust").awaitVersion(built + 1).awaitEditorClosed("name");
        assertThat(draft.history().get(0)).isEqualTo(new Version(built + 1, "user", "name “Wanderlust”", true));
        assertThat(draft.historySourceLabels().get(0)).isEqualTo("You");

        page.send("It should always answer in French");
        page.awaitSettled(2);
        assertThat(draft.field("instructions")).contains("French");
        assertThat(draft.field("name")).as("the name after the builder's next turn").isEqualTo("Wanderlust");
        List<Version> history = draft.history();
        assertThat(history.get(0).source()).isEqualTo("builder");
        assertThat(history.get(0).version()).isGreaterThan(built + 1);
        assertThat(history).filteredOn(v -> v.version() == built + 1).extracting(Version::source)
                .containsExactly("user");
        testbed.browser.screenshot("web-chat-draft-edited");

        JsonObject stored = ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER);
        assertThat(stored.get("name").getAsString()).isEqualTo("Wanderlust");
        assertThat(stored.get("version").getAsInt()).isEqualTo(draft.version());
    }

    @Test
    void cancellingAnEditSendsNothingAndShowsTheDraftAsItWas() throws Exception {
        String thread = "draft-cancel";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        DraftPanel draft = page.draftPanel();

        draft.edit("description").type("description", "Not this one").cancel("description");
        assertThat(draft.editorOpen("description")).isFalse();
        assertThat(page.draft("description")).isEqualTo("none yet");

        // The next change is version 1: the cancelled edit never reached the server.
        draft.toggleCapability("file_search").awaitVersion(1).awaitCapabilities(List.of("file_search"));
        assertThat(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER).get("description").getAsString())
                .isEmpty();
    }

    @Test
    void startersAreAddedAndRemovedByHand() throws Exception {
        String thread = "draft-starters";
        DraftPanel draft = testbed.open(thread).awaitStatus("connected").draftPanel();

        draft.addStarter("Plan a weekend in Rome").awaitStarters(List.of("Plan a weekend in Rome"));
        assertThat(draft.starterInput()).as("the box once the starter is saved").isEmpty();
        draft.addStarter("Find me a cheap flight")
                .awaitStarters(List.of("Plan a weekend in Rome", "Find me a cheap flight"));
        draft.removeStarter("Plan a weekend in Rome").awaitStarters(List.of("Find me a cheap flight"));

        draft.awaitVersion(3);
        assertThat(draft.history()).extracting(Version::version, Version::source, Version::summary).containsExactly(
                tuple(3, "user", "− starter “Plan a weekend in Rome”"),
                tuple(2, "user", "+ starter “Find me a cheap flight”"),
                tuple(1, "user", "+ starter “Plan a weekend in Rome”"),
                tuple(0, "start", "The empty draft"));
        assertThat(strings(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER), "conversationStarters"))
                .containsExactly("Find me a cheap flight");
    }

    @Test
    void aCapabilityIsSwitchedOnAndOffByHand() throws Exception {
        String thread = "draft-capability";
        DraftPanel draft = testbed.open(thread).awaitStatus("connected").draftPanel();
        assertThat(draft.capabilities()).isEmpty();

        draft.toggleCapability("code_interpreter").awaitVersion(1).awaitCapabilities(List.of("code_interpreter"));
        assertThat(strings(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER), "capabilities"))
                .containsExactly("code_interpreter");
        assertThat(draft.history().get(0).summary()).isEqualTo("+ Code interpreter");

        draft.toggleCapability("code_interpreter").awaitVersion(2).awaitCapabilities(List.of());
        assertThat(strings(ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER), "capabilities")).isEmpty();
        assertThat(draft.history().get(0).summary()).isEqualTo("− Code interpreter");
    }

    @Test
    void anEarlierVersionIsRestoredFromTheHistoryAsANewVersion() throws Exception {
        String thread = "draft-restore";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        page.send(TRIP_REQUEST);
        page.awaitSettled(1);
        DraftPanel draft = page.draftPanel();
        int built = draft.version();
        draft.edit("name").type("name", "Wanderlust").save("name");
        draft.toggleCapability("web_search");
        draft.awaitField("name", "Wanderlust").awaitCapabilities(List.of("web_search")).awaitVersion(built + 2);

        draft.restore(built);

        draft.awaitVersion(built + 3).awaitField("name", "Trip Planner").awaitCapabilities(List.of());
        Version restored = draft.history().get(0);
        assertThat(restored.source()).isEqualTo("revert");
        assertThat(restored.summary()).startsWith("back to v" + built + ", ").contains("name “Trip Planner”")
                .contains("− Web search");
        assertThat(draft.historySourceLabels().get(0)).isEqualTo("Restored");
        assertThat(draft.history()).as("the history is never rewritten").hasSize(built + 4);
        testbed.browser.js("document.getElementById('draft-history').scrollIntoView()");
        testbed.browser.screenshot("web-chat-history");
        JsonObject stored = ThreadHistory.draft(testbed.chatServer.wsUrl(), thread, USER);
        assertThat(stored.get("name").getAsString()).isEqualTo("Trip Planner");
        assertThat(stored.get("version").getAsInt()).isEqualTo(built + 3);
    }

    private static List<String> strings(JsonObject agent, String field) {
        return agent.getAsJsonArray(field).asList().stream().map(JsonElement::getAsString).toList();
    }
}
