package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.examples.ThreadListPanel.ConfirmDialog;
import dev.agentbuilder.chat.examples.ThreadListPanel.Row;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/**
 * The user's agents in the web chat, in a real headless Chromium against the real chat server and launcher: the home
 * page (listed newest first, searched, renamed, deleted, New agent, Load more), the thread page's sidebar, and a
 * thread deleted while it is open. Each test is a user of its own, so that their lists never meet; two threads built
 * by chatting are made once for the tests that only read them. The server keeps threads in memory: the JDBC stores
 * get their thread directory later in issue 29.
 */
class ThreadListBrowserIT extends WebChatBrowserTest {

    /** docs/protocol.md: a change reaches every watching connection within a second. */
    private static final long LIVE_MS = 1_000;
    /** The user whose two chatted threads the reading tests share. */
    private static final String CHATTER = "list-chatter";
    private static final String TRIPS = "list-trips";
    private static final String TRIPS_ASKED = "I want an agent that helps me plan trips";
    private static final String HAIKU = "list-haiku";
    private static final String HAIKU_ASKED = "I want an agent that writes haiku about the sea";

    private Browser browser;
    /** The agents' titles as the builder named them (the draft's name). */
    private String tripsTitle;
    private String haikuTitle;

    @Override
    ThreadStore store(Path dataDir) {
        return ThreadStores.inMemory();
    }

    /** Runs after the testbed started (a superclass's {@code @BeforeAll} runs first). */
    @BeforeAll
    void chatTwoThreads() {
        if (testbed == null) {
            return;
        }
        browser = testbed.browser;
        tripsTitle = chat(TRIPS, CHATTER, TRIPS_ASKED);
        haikuTitle = chat(HAIKU, CHATTER, HAIKU_ASKED);
    }

    /** A thread built by chatting on its page: one message, answered; returns the agent's name. */
    private String chat(String threadId, String user, String message) {
        ChatPage page = openThread(threadId, user);
        page.send(message);
        page.awaitSettled(1);
        String name = page.draft("name");
        assertThat(name).as("the builder named the agent").isNotEqualTo("not named yet");
        return name;
    }

    private ChatPage openThread(String threadId, String user) {
        return testbed.open(threadId, "&user=" + user).awaitStatus("connected");
    }

    /** A thread of {@code user}'s that nobody has written in: a connection to a new threadId creates it. */
    private void createEmptyThread(String threadId, String user) throws Exception {
        ThreadHistory.draft(testbed.chatServer.wsUrl(), threadId, user);
    }

    private String currentPath() {
        return URI.create(browser.driver.getCurrentUrl()).getPath();
    }

    private String currentQuery() {
        return URI.create(browser.driver.getCurrentUrl()).getQuery();
    }

    @Test
    void theHomePageListsTheThreadsBuiltByChattingNewestFirstWithTheirAgentAndLastMessage() {
        HomePage home = testbed.openHome(CHATTER).awaitStatus("connected");
        List<Row> rows = home.threads().awaitThreadIds(HAIKU, TRIPS);
        assertThat(home.userLabel()).isEqualTo("you are " + CHATTER);

        Row haiku = rows.get(0);
        assertThat(haiku.title()).isEqualTo(haikuTitle);
        assertThat(haiku.agent()).startsWith(haikuTitle + ", v");
        assertThat(haiku.preview()).as("the start of the builder's reply, its bold marks left out")
                .startsWith("I've").contains(haikuTitle).doesNotContain("**");
        assertThat(haiku.time()).isIn("just now", "1 min ago");
        assertThat(haiku.current()).isFalse();
        assertThat(rows.get(1).title()).isEqualTo(tripsTitle);
        assertThat(home.threads().loadMoreShown()).isFalse();
        browser.screenshot("web-chat-home");
    }

    @Test
    void theSearchBoxFiltersTheListByTitleOrAgentName() {
        HomePage home = testbed.openHome(CHATTER).awaitStatus("connected");
        ThreadListPanel list = home.threads();
        list.awaitThreadIds(HAIKU, TRIPS);

        list.search(tripsTitle.substring(0, 4).toLowerCase());
        list.awaitThreadIds(TRIPS);
        list.search("no agent is called this");
        list.awaitThreadIds();
        assertThat(list.awaitLoaded().note()).isEqualTo("No agents match “no agent is called this”.");
        list.search("");
        list.awaitThreadIds(HAIKU, TRIPS);
    }

    @Test
    void aRenameInOneTabShowsInAnotherTabWithinASecond() throws Exception {
        String user = "list-renamer";
        createEmptyThread("to-rename", user);
        HomePage first = testbed.openHome(user).awaitStatus("connected");
        assertThat(first.threads().awaitThreadIds("to-rename").get(0).title()).isEqualTo("Untitled agent");
        HomePage second = testbed.openHomeInNewWindow(user).awaitStatus("connected");
        second.threads().awaitThreadIds("to-rename");
        // Watched from outside the page: when the new title first shows in the second tab, by the browser's clock.
        browser.js("""
                const wanted = arguments[0];
                const root = document.getElementById('home-threads');
                window.renamedAt = null;
                new MutationObserver(() => {
                  if (window.renamedAt === null && [...root.querySelectorAll('.thread-title')]
                      .some(t => t.textContent === wanted)) {
                    window.renamedAt = Date.now();
                  }
                }).observe(root, { subtree: true, childList: true, characterData: true });
                """, "Trips with Mum");

        first.focus();
        long sentAt = ((Number) browser.js("return Date.now()")).longValue();
        first.threads().rename("to-rename", "Trips with Mum");
        first.threads().awaitRows("renamed in the first tab", rows -> rows.get(0).title().equals("Trips with Mum"));
        assertThat(first.threads().renaming("to-rename")).as("the box closes once saved").isFalse();

        second.focus();
        long renamedAt = browser.await("the rename in the second tab",
                d -> browser.<Number>js("return window.renamedAt")).longValue();
        assertThat(renamedAt - sentAt).as("ms from Enter in one tab to the title in the other").isLessThan(LIVE_MS);
    }

    @Test
    void renameIsDoneWithTheKeyboardAndATitleTheServerWouldRefuseIsExplainedWithTheTextKept() throws Exception {
        String user = "list-keyboard";
        createEmptyThread("keyed", user);
        ThreadListPanel list = testbed.openHome(user).awaitStatus("connected").threads();
        list.awaitThreadIds("keyed");

        list.startRename("keyed");
        assertThat(browser.<String>js("return document.activeElement.className")).isEqualTo("rename-input");
        browser.driver.switchTo().activeElement().sendKeys("Never saved", Keys.ESCAPE);
        assertThat(list.renaming("keyed")).as("Escape closes the box").isFalse();
        assertThat(browser.<String>js("return document.activeElement.className")).isEqualTo("rename-button");
        assertThat(list.rows().get(0).title()).isEqualTo("Untitled agent");

        list.rename("keyed", "   ");
        browser.await("the refusal", d -> list.rowNote("keyed").startsWith("Not renamed"));
        assertThat(list.rowNote("keyed")).isEqualTo("Not renamed: a title must not be blank");
        assertThat(list.renaming("keyed")).as("the box stays open").isTrue();
        browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), "Haiku corner", Keys.ENTER);
        list.awaitRows("renamed", rows -> rows.get(0).title().equals("Haiku corner"));
        assertThat(list.rowNote("keyed")).isEmpty();
    }

    @Test
    void deleteAsksFirstThenRemovesTheThreadFromBothTabsAndItsOpenPageSaysSoAndOffersTheWayHome() throws Exception {
        String user = "list-deleter";
        createEmptyThread("kept", user);
        ChatPage doomed = openThread("doomed", user);
        doomed.sidebar().awaitRows("both threads in the sidebar", rows -> rows.size() == 2);
        HomePage home = testbed.openHomeInNewWindow(user).awaitStatus("connected");
        ThreadListPanel list = home.threads();
        list.awaitThreadIds("doomed", "kept");

        ConfirmDialog dialog = list.delete("doomed");
        assertThat(dialog.text()).contains("Delete this agent?").contains("“Untitled agent” will be deleted for good");
        assertThat(dialog.focused()).as("the safe choice has the keyboard").isEqualTo("Cancel");
        dialog.cancel();
        assertThat(dialog.open()).isFalse();
        assertThat(list.threadIds()).containsExactly("doomed", "kept");

        list.delete("doomed").confirm();
        list.awaitThreadIds("kept");

        doomed.focus();
        browser.await("the deleted notice", d -> doomed.deletedNotice() != null);
        assertThat(doomed.deletedNotice()).startsWith("This agent was deleted");
        assertThat(doomed.statusText()).isEqualTo("Deleted");
        assertThat(doomed.inputEnabled()).isFalse();
        assertThat(doomed.sendEnabled()).isFalse();
        assertThat(doomed.warning()).as("the notice says it, not the connection warning").isNull();
        assertThat(doomed.errorBanner()).as("nor the error banner").isNull();
        doomed.sidebar().awaitThreadIds("kept");
        browser.screenshot("web-chat-deleted");

        doomed.goHomeFromDeletedNotice();
        browser.await("the home page", d -> currentPath().equals("/"));
        assertThat(currentQuery()).contains("user=" + user);
        HomePage.open(browser, browser.driver.getCurrentUrl()).threads().awaitThreadIds("kept");
    }

    @Test
    void newAgentOpensAFreshThreadThatTheListShows() {
        String user = "list-creator";
        ThreadListPanel list = testbed.openHome(user).awaitStatus("connected").threads().awaitLoaded();
        assertThat(list.threadIds()).isEmpty();
        assertThat(list.note()).isEqualTo("No agents yet: start one with New agent.");

        list.newAgent();
        browser.await("a new thread's page", d -> currentPath().matches("/thread/agent-[0-9a-f]{16}"));
        String threadId = currentPath().substring("/thread/".length());
        assertThat(currentQuery()).contains("user=" + user).contains("ws=");
        ChatPage page = ChatPage.inCurrentWindow(browser).awaitStatus("connected");
        assertThat(page.transcript()).isEmpty();
        assertThat(page.draft("name")).isEqualTo("not named yet");
        List<Row> rows = page.sidebar().awaitThreadIds(threadId);
        assertThat(rows.get(0).current()).isTrue();
        assertThat(rows.get(0).title()).isEqualTo("Untitled agent");
    }

    @Test
    void theSidebarShowsTheUsersThreadsWithThisOneHighlightedAndSwitchesBetweenThem() {
        ChatPage trips = openThread(TRIPS, CHATTER);
        List<Row> rows = trips.sidebar().awaitThreadIds(HAIKU, TRIPS);
        assertThat(rows).extracting(Row::current).containsExactly(false, true);
        assertThat(trips.sidebarShown()).isTrue();

        trips.sidebar().open(HAIKU);
        browser.await("the haiku thread's page", d -> currentPath().equals("/thread/" + HAIKU));
        ChatPage haiku = ChatPage.inCurrentWindow(browser).awaitStatus("connected");
        assertThat(haiku.awaitSettled(1).get(0).text()).isEqualTo(HAIKU_ASKED);
        assertThat(haiku.sidebar().awaitThreadIds(HAIKU, TRIPS)).extracting(Row::current).containsExactly(true, false);
    }

    @Test
    void onANarrowScreenTheSidebarFoldsAwayBehindTheAgentsButton() {
        Dimension wide = browser.driver.manage().window().getSize();
        try {
            browser.driver.manage().window().setSize(new Dimension(760, 860));
            ChatPage page = openThread(TRIPS, CHATTER);
            browser.await("the sidebar folded away", d -> !page.sidebarShown());
            page.toggleSidebar();
            assertThat(page.sidebarShown()).isTrue();
            assertThat(browser.<String>js("return document.activeElement.className")).isEqualTo("thread-search");
            page.sidebar().awaitThreadIds(HAIKU, TRIPS);
            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            assertThat(page.sidebarShown()).as("Escape folds it again").isFalse();
            assertThat(browser.<String>js("return document.activeElement.id")).isEqualTo("sidebar-toggle");
        } finally {
            browser.driver.manage().window().setSize(wide);
        }
    }

    @Test
    void aLongListIsReadAPageAtATimeWithLoadMore() throws Exception {
        String user = "list-pager";
        List<String> created = IntStream.rangeClosed(1, 23).mapToObj(n -> String.format("page-%02d", n)).toList();
        for (String threadId : created) {
            createEmptyThread(threadId, user);
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        ThreadListPanel list = testbed.openHome(user).awaitStatus("connected").threads();
        list.awaitThreadIds(newestFirst.subList(0, 20).toArray(String[]::new));
        assertThat(list.loadMoreShown()).isTrue();

        list.loadMore();
        list.awaitThreadIds(newestFirst.toArray(String[]::new));
        assertThat(list.loadMoreShown()).isFalse();
    }
}
