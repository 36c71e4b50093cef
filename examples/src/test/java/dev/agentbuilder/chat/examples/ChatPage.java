package dev.agentbuilder.chat.examples;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web chat as a test sees it: one browser window showing one thread. Reads the page through the same elements
 * a person looks at (status indicator, the builder and preview tabs with their transcripts, composer); the draft
 * panel has a page object of its own, {@link #draftPanel()}.
 *
 * <p>Used from the test thread only; {@link #focus()} first when the browser has several windows.
 */
final class ChatPage {

    /** One bubble of the transcript. */
    record Bubble(String role, String id, String clientId, String state, String text) {
    }

    /**
     * What the page did to replies while they streamed, as seen by {@link #recordStreaming()}: how many times a
     * streaming reply's text grew (each delta arrives in a task of its own, so once per delta), how many nodes were
     * taken out of a streaming reply, the farthest the transcript was from its end and the highest it was scrolled
     * after any of those changes, the attributes a streaming reply's bubble had, and the last streamed reply as it
     * looked before its stored message replaced it (all its text, and the text of its bold parts).
     */
    record StreamRecord(int growths, int nodesRemoved, double farthestFromEnd, double highestScrollTop,
            Set<String> attributes, String lastText, List<String> lastBold) {
    }

    private final Browser browser;
    private final String window;

    private ChatPage(Browser browser, String window) {
        this.browser = browser;
        this.window = window;
    }

    /** Opens {@code url} in the browser's current window. */
    static ChatPage open(Browser browser, String url) {
        browser.driver.get(url);
        return new ChatPage(browser, browser.driver.getWindowHandle());
    }

    /** The page the browser's current window shows now (after following a link to a thread). */
    static ChatPage inCurrentWindow(Browser browser) {
        return new ChatPage(browser, browser.driver.getWindowHandle());
    }

    ChatPage focus() {
        browser.driver.switchTo().window(window);
        return this;
    }

    String status() {
        return browser.driver.findElement(By.id("status")).getAttribute("data-status");
    }

    String statusText() {
        return browser.driver.findElement(By.id("status-text")).getText();
    }

    /** The indicator dot's colour as the browser computed it, like {@code rgb(22, 163, 74)}. */
    String statusColour() {
        return browser.js("return getComputedStyle(document.querySelector('#status .dot')).backgroundColor");
    }

    ChatPage awaitStatus(String expected) {
        browser.await("status " + expected, d -> expected.equals(status()));
        return this;
    }

    /** Types into the message box and presses the Send button. */
    void send(String text) {
        WebElement input = browser.driver.findElement(By.id("input"));
        input.sendKeys(text);
        browser.driver.findElement(By.id("send")).click();
    }

    /** Types into the message box and presses Enter: sends, or queues while not connected. */
    void typeAndPressEnter(String text) {
        browser.driver.findElement(By.id("input")).sendKeys(text, Keys.ENTER);
    }

    boolean sendEnabled() {
        return browser.driver.findElement(By.id("send")).isEnabled();
    }

    boolean inputEnabled() {
        return browser.driver.findElement(By.id("input")).isEnabled();
    }

    /** The warning above the message box, or null when it is hidden. */
    String warning() {
        WebElement warning = browser.driver.findElement(By.id("offline-warning"));
        return warning.isDisplayed() ? warning.getText() : null;
    }

    /** The line under the message box with the tokens used today against the budget, or null when it is hidden. */
    String tokensToday() {
        WebElement line = browser.driver.findElement(By.id("tokens-today"));
        return line.isDisplayed() ? line.getText() : null;
    }

    /** The error banner's text, or null when it is hidden. */
    String errorBanner() {
        WebElement banner = browser.driver.findElement(By.id("error-banner"));
        return banner.isDisplayed() ? browser.driver.findElement(By.id("error-text")).getText() : null;
    }

    String draft(String field) {
        return browser.driver.findElement(By.id("draft-" + field)).getText();
    }

    /** The sidebar's list of the user's agents (this one highlighted). */
    ThreadListPanel sidebar() {
        return new ThreadListPanel(browser, "#sidebar-threads");
    }

    /** Whether the sidebar shows (it folds away on narrow screens). */
    boolean sidebarShown() {
        return browser.driver.findElement(By.id("sidebar")).isDisplayed();
    }

    /** Clicks the header's Agents button, which opens and closes the sidebar on narrow screens. */
    void toggleSidebar() {
        browser.driver.findElement(By.id("sidebar-toggle")).click();
    }

    /** The notice that the thread was deleted, or null while it is hidden. */
    String deletedNotice() {
        WebElement notice = browser.driver.findElement(By.id("deleted-notice"));
        return notice.isDisplayed() ? notice.getText() : null;
    }

    /** Follows the deleted notice's link to the user's agents. */
    void goHomeFromDeletedNotice() {
        browser.driver.findElement(By.id("deleted-home")).click();
    }

    /** The draft panel of this window: fields edited by hand, starters, capabilities, history, downloads. */
    DraftPanel draftPanel() {
        return new DraftPanel(browser);
    }

    /** The frames held back from this window, when it was opened with them ({@link HeldFrames}). */
    HeldFrames heldFrames() {
        return new HeldFrames(browser);
    }

    /** Shows the tab of {@code channel}: "builder" or "preview". */
    ChatPage selectTab(String channel) {
        browser.driver.findElement(By.id("tab-" + channel)).click();
        return this;
    }

    /** The tab shown: "builder" or "preview". */
    String selectedTab() {
        return browser.driver.findElement(By.cssSelector(".tab[aria-selected='true']")).getAttribute("data-channel");
    }

    /** Whether the tab of {@code channel} is marked as having news the reader has not seen. */
    boolean tabMarkedUnread(String channel) {
        return browser.driver.findElement(By.id("tab-" + channel)).getAttribute("data-unread") != null;
    }

    /** The conversation starters offered as buttons in the preview tab, as shown. */
    List<String> previewStarterButtons() {
        // Read in one go: every change to the draft draws the buttons anew.
        return browser.js("return [...document.querySelectorAll('#preview-starters button')].map(b => b.textContent)");
    }

    /** Clicks the preview tab's button for {@code starter}. */
    void clickPreviewStarter(String starter) {
        browser.driver.findElements(By.cssSelector("#preview-starters button")).stream()
                .filter(b -> b.getText().equals(starter)).findFirst()
                .orElseThrow(() -> new AssertionError("no starter button " + starter + " in "
                        + previewStarterButtons()))
                .click();
    }

    String userLabel() {
        return browser.driver.findElement(By.id("user-label")).getText();
    }

    /** The builder's conversation, as shown in its tab. */
    List<Bubble> transcript() {
        return transcriptOf("messages");
    }

    /** The preview conversation (with the agent being built), as shown in its tab. */
    List<Bubble> previewTranscript() {
        return transcriptOf("preview-messages");
    }

    private List<Bubble> transcriptOf(String listId) {
        List<Map<String, Object>> rows = browser.js("""
                return [...document.getElementById(arguments[0]).querySelectorAll('li')].map(li => ({
                  role: li.dataset.role, id: li.dataset.id || null, clientId: li.dataset.clientId || null,
                  state: li.dataset.state, text: li.querySelector('.content').textContent}));
                """, listId);
        return rows.stream().map(r -> new Bubble((String) r.get("role"), (String) r.get("id"),
                (String) r.get("clientId"), (String) r.get("state"), (String) r.get("text"))).toList();
    }

    /**
     * Starts watching the transcript with a MutationObserver, from the outside as a person would, with nothing the
     * page keeps for tests. Its callback runs after each task that changed the transcript, so it sees the page as
     * it is between two frames from the server. Lasts until the page is loaded again; read it with
     * {@link #streamRecord()}.
     */
    ChatPage recordStreaming() {
        browser.js("""
                const list = document.getElementById('messages');
                const record = window.streamRecord = { growths: 0, nodesRemoved: 0, farthestFromEnd: 0,
                    highestScrollTop: 0, attributes: [], lastText: '', lastBold: [] };
                const lengths = new WeakMap();
                new MutationObserver((mutations) => {
                  const changed = new Set();
                  for (const m of mutations) {
                    const node = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
                    const li = node && node.closest('li[data-role="assistant"]');
                    if (li && li.dataset.state === 'streaming' && node.closest('.content')) {
                      record.nodesRemoved += m.removedNodes.length;
                      changed.add(li);
                    }
                  }
                  for (const li of changed) {
                    const content = li.querySelector('.content');
                    if (content.textContent.length > (lengths.get(li) ?? 0)) {
                      record.growths += 1;
                    }
                    lengths.set(li, content.textContent.length);
                    record.attributes = [...new Set([...record.attributes, ...li.getAttributeNames()])];
                    record.lastText = content.textContent;
                    record.lastBold = [...content.querySelectorAll('strong')].map(s => s.textContent);
                  }
                  if (changed.size > 0) {
                    record.farthestFromEnd = Math.max(record.farthestFromEnd,
                        list.scrollHeight - list.scrollTop - list.clientHeight);
                    record.highestScrollTop = Math.max(record.highestScrollTop, list.scrollTop);
                  }
                }).observe(list, { childList: true, characterData: true, subtree: true });
                """);
        return this;
    }

    /** What {@link #recordStreaming()} has seen so far. */
    StreamRecord streamRecord() {
        Map<String, Object> r = browser.js("return window.streamRecord");
        @SuppressWarnings("unchecked")
        List<String> attributes = (List<String>) r.get("attributes");
        @SuppressWarnings("unchecked")
        List<String> bold = (List<String>) r.get("lastBold");
        return new StreamRecord(((Number) r.get("growths")).intValue(), ((Number) r.get("nodesRemoved")).intValue(),
                ((Number) r.get("farthestFromEnd")).doubleValue(), ((Number) r.get("highestScrollTop")).doubleValue(),
                Set.copyOf(attributes), (String) r.get("lastText"), List.copyOf(bold));
    }

    /** Fills the message box without typing (typing a line break would send), then presses Send. */
    void sendPasted(String text) {
        paste(text);
        browser.driver.findElement(By.id("send")).click();
    }

    /** Fills the message box without typing, then presses Enter: sends, or queues while not connected. */
    void queuePasted(String text) {
        paste(text);
        browser.driver.findElement(By.id("input")).sendKeys(Keys.ENTER);
    }

    private void paste(String text) {
        browser.js("document.getElementById('input').value = arguments[0]", text);
    }

    /** What the message box holds. */
    String input() {
        return browser.js("return document.getElementById('input').value");
    }

    /** The parts of a stored bubble shown in bold. */
    List<String> boldTextOf(Bubble bubble) {
        return browser.js("""
                const li = document.querySelector(`#messages li[data-id="${CSS.escape(arguments[0])}"]`);
                return [...li.querySelectorAll('.content strong')].map(s => s.textContent);
                """, bubble.id());
    }

    /** Scrolls the transcript as a reader would with the scroll bar. */
    void scrollTranscriptTo(double top) {
        browser.js("document.getElementById('messages').scrollTop = arguments[0]", top);
    }

    /** How far the transcript is scrolled from its top, in CSS pixels. */
    double transcriptScrollTop() {
        return ((Number) browser.js("return document.getElementById('messages').scrollTop")).doubleValue();
    }

    /** How far the end of the transcript is below what it shows, in CSS pixels: 0 at the end. */
    double transcriptDistanceFromEnd() {
        return ((Number) browser.js("""
                const list = document.getElementById('messages');
                return list.scrollHeight - list.scrollTop - list.clientHeight;
                """)).doubleValue();
    }

    /** How much taller the transcript is than what it shows: 0 when it all fits. */
    double transcriptOverflow() {
        return ((Number) browser.js("""
                const list = document.getElementById('messages');
                return Math.max(0, list.scrollHeight - list.clientHeight);
                """)).doubleValue();
    }

    /** Waits until the transcript satisfies {@code condition} and returns it. */
    List<Bubble> awaitTranscript(String what, Predicate<List<Bubble>> condition) {
        return browser.await(() -> what + "; transcript: " + transcriptSummary(), d -> {
            List<Bubble> now = transcript();
            return condition.test(now) ? now : null;
        });
    }

    /** Waits until the preview transcript satisfies {@code condition} and returns it. */
    List<Bubble> awaitPreviewTranscript(String what, Predicate<List<Bubble>> condition) {
        return browser.await(() -> what + "; preview transcript: " + summary(previewTranscript()), d -> {
            List<Bubble> now = previewTranscript();
            return condition.test(now) ? now : null;
        });
    }

    /** Waits until the transcript holds {@code answered} assistant replies and nothing is pending or streaming. */
    List<Bubble> awaitSettled(int answered) {
        return awaitTranscript(answered + " stored replies", t -> settled(t, answered));
    }

    /** As {@link #awaitSettled(int)}, for the preview transcript. */
    List<Bubble> awaitPreviewSettled(int answered) {
        return awaitPreviewTranscript(answered + " stored replies", t -> settled(t, answered));
    }

    private static boolean settled(List<Bubble> transcript, int answered) {
        return transcript.stream().filter(b -> b.role().equals("assistant") && b.state().equals("stored")).count()
                == answered && transcript.stream().allMatch(b -> b.state().equals("stored"));
    }

    private String transcriptSummary() {
        try {
            return summary(transcript());
        } catch (RuntimeException e) {
            return "(unreadable)";
        }
    }

    private static String summary(List<Bubble> transcript) {
        return transcript.stream().map(b -> b.role() + "/" + b.state()).toList().toString();
    }
}
