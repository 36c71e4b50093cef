package dev.agentbuilder.chat.examples;

import static dev.agentbuilder.chat.examples.WebChatTestbed.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.examples.ChatPage.Bubble;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The web chat's Preview tab (talking to the agent being built) and its download buttons, in a real headless
 * Chromium against the real chat server. Each test has its own thread.
 */
class PreviewAndExportBrowserIT extends WebChatBrowserTest {

    private static final String TRIP_REQUEST = "I want an agent that helps me plan trips";
    private static final String STARTER = "Plan a weekend in Rome";


    @Test
    void aStarterButtonTalksToTheAgentInThePreviewTabAndNeverInTheBuilders() throws Exception {
        String thread = "preview-starter";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        page.send(TRIP_REQUEST);
        List<Bubble> builder = page.awaitSettled(1);
        DraftPanel draft = page.draftPanel();
        draft.addStarter(STARTER).awaitStarters(List.of(STARTER));
        int version = draft.version();

        page.selectTab("preview");
        assertThat(page.selectedTab()).isEqualTo("preview");
        assertThat(page.previewStarterButtons()).containsExactly(STARTER);
        page.clickPreviewStarter(STARTER);

        List<Bubble> preview = page.awaitPreviewSettled(1);
        assertThat(preview).extracting(Bubble::role).containsExactly("user", "assistant");
        assertThat(preview.get(0).text()).isEqualTo(STARTER);
        assertThat(preview.get(1).text()).as("the agent introduces itself by name").contains("Trip Planner");
        testbed.browser.screenshot("web-chat-preview");
        assertThat(page.transcript()).as("the builder's conversation").isEqualTo(builder);
        assertThat(page.tabMarkedUnread("builder")).isFalse();
        assertThat(draft.version()).as("a preview turn never changes the draft").isEqualTo(version);

        // What is typed while the Preview tab is shown goes to the agent too.
        page.send("Who are you?");
        preview = page.awaitPreviewSettled(2);
        assertThat(preview.get(2).text()).isEqualTo("Who are you?");
        assertThat(page.transcript()).isEqualTo(builder);

        List<JsonObject> stored = ThreadHistory.messages(testbed.chatServer.wsUrl(), thread, USER);
        assertThat(stored).filteredOn(m -> m.has("channel") && m.get("channel").getAsString().equals("preview"))
                .extracting(m -> m.get("id").getAsString())
                .containsExactlyElementsOf(preview.stream().map(Bubble::id).toList());

        // A full replay puts each stored message back in its own tab.
        testbed.browser.driver.navigate().refresh();
        page.awaitStatus("connected");
        assertThat(page.awaitSettled(1)).extracting(Bubble::id, Bubble::text)
                .containsExactlyElementsOf(builder.stream().map(b -> tuple(b.id(), b.text())).toList());
        assertThat(page.awaitPreviewSettled(2)).extracting(Bubble::id, Bubble::text)
                .containsExactlyElementsOf(preview.stream().map(b -> tuple(b.id(), b.text())).toList());
        assertThat(page.selectedTab()).isEqualTo("builder");
    }

    @Test
    void onlyPreviewMessagesArrivingWhileThePageIsOpenMarkThePreviewTab() {
        String thread = "preview-unread";
        ChatPage tabA = testbed.open(thread).awaitStatus("connected");
        ChatPage tabB = testbed.openInNewWindow(thread);
        tabB.selectTab("preview");
        tabB.send("Who are you?");
        tabB.awaitPreviewSettled(1);

        tabA.focus();
        tabA.awaitPreviewSettled(1);
        assertThat(tabA.selectedTab()).isEqualTo("builder");
        assertThat(tabA.tabMarkedUnread("preview")).as("once another tab talked to the agent").isTrue();

        testbed.browser.driver.navigate().refresh();
        tabA.awaitStatus("connected");
        tabA.awaitPreviewSettled(1);
        assertThat(tabA.tabMarkedUnread("preview")).as("after a reload, which shows the same messages again")
                .isFalse();
    }

    @Test
    void eachDownloadButtonSavesTheServersRenderingOfTheDraftAsAFile() throws Exception {
        String thread = "export";
        ChatPage page = testbed.open(thread).awaitStatus("connected");
        page.send(TRIP_REQUEST);
        page.awaitSettled(1);
        DraftPanel draft = page.draftPanel();
        draft.toggleCapability("web_search").awaitCapabilities(List.of("web_search"));
        draft.addStarter(STARTER).awaitStarters(List.of(STARTER));
        testbed.browser.clearDownloads();

        String json = download(draft, thread, "json", "trip-planner.json");
        JsonObject agent = JsonParser.parseString(json).getAsJsonObject();
        assertThat(agent.get("name").getAsString()).isEqualTo("Trip Planner");
        assertThat(agent.get("version").getAsInt()).isEqualTo(draft.version());

        String openai = download(draft, thread, "openai", "trip-planner.openai.json");
        JsonObject request = JsonParser.parseString(openai).getAsJsonObject();
        assertThat(request.get("instructions").getAsString()).isEqualTo(draft.field("instructions"));
        assertThat(request.getAsJsonArray("tools").asList()).extracting(t -> t.getAsJsonObject().get("type"))
                .extracting(JsonElement::getAsString).containsExactly("web_search");

        String markdown = download(draft, thread, "markdown", "trip-planner.md");
        assertThat(markdown).startsWith("# Trip Planner").contains(STARTER);

        assertThat(testbed.browser.downloadedNames())
                .containsExactlyInAnyOrder("trip-planner.json", "trip-planner.openai.json", "trip-planner.md");
    }

    /** Clicks the button of {@code format}, and checks that the file holds exactly what the server renders. */
    private String download(DraftPanel draft, String thread, String format, String fileName) throws Exception {
        draft.download(format);
        String file = testbed.browser.awaitDownload(fileName);
        JsonObject rendered = ThreadHistory.export(testbed.chatServer.wsUrl(), thread, USER, format);
        assertThat(file).as(fileName).isEqualTo(rendered.get("content").getAsString());
        return file;
    }
}
