package dev.agentbuilder.chat.examples;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A user's list of threads as a test sees it, wherever the page shows it (the home page, a thread page's sidebar):
 * the rows, the search box, New agent, Rename in place, Delete and its confirmation, Load more. Reads the page through
 * the elements a person uses, found by their classes under the list's root element.
 *
 * <p>Used from the test thread only, in the window that shows the list.
 */
final class ThreadListPanel {

    /** One row, as shown. {@code current}: the thread of the page showing the list. */
    record Row(String threadId, String title, String agent, String time, String preview, boolean current,
            String href) {
    }

    private final Browser browser;
    private final String root;

    ThreadListPanel(Browser browser, String rootSelector) {
        this.browser = browser;
        this.root = rootSelector;
    }

    private WebElement root() {
        return browser.driver.findElement(By.cssSelector(root));
    }

    private WebElement find(String selector) {
        return root().findElement(By.cssSelector(selector));
    }

    private WebElement row(String threadId) {
        return find(".thread-item[data-thread-id='" + threadId + "']");
    }

    /** The rows, top to bottom, read in one go (the list may change between two reads). */
    List<Row> rows() {
        List<Map<String, Object>> rows = browser.js("""
                const text = (li, selector) => li.querySelector(selector)?.textContent ?? null;
                return [...document.querySelector(arguments[0]).querySelectorAll('.thread-item')].map(li => ({
                  threadId: li.dataset.threadId, title: text(li, '.thread-title'), agent: text(li, '.thread-agent'),
                  time: text(li, '.thread-time'), preview: text(li, '.thread-preview'),
                  current: li.querySelector('.thread-link').getAttribute('aria-current') === 'page',
                  href: li.querySelector('.thread-link').getAttribute('href')}));
                """, root);
        return rows.stream().map(r -> new Row((String) r.get("threadId"), (String) r.get("title"),
                (String) r.get("agent"), (String) r.get("time"), (String) r.get("preview"),
                (Boolean) r.get("current"), (String) r.get("href"))).toList();
    }

    /** The threadIds shown, top to bottom. */
    List<String> threadIds() {
        return rows().stream().map(Row::threadId).toList();
    }

    /** Waits until the rows satisfy {@code condition} and returns them. */
    List<Row> awaitRows(String what, Predicate<List<Row>> condition) {
        return browser.await(() -> what + "; rows: " + threadIdsOrWhy() + "; note: " + note(), d -> {
            List<Row> now = rows();
            return condition.test(now) ? now : null;
        });
    }

    /** Waits until exactly {@code threadIds} are shown, in this order. */
    List<Row> awaitThreadIds(String... threadIds) {
        List<String> expected = List.of(threadIds);
        return awaitRows("the threads " + expected, rows -> rows.stream().map(Row::threadId).toList().equals(expected));
    }

    /** Waits until the list has its first page (of the search typed, if any). */
    ThreadListPanel awaitLoaded() {
        browser.await("the list loaded; note: " + note(), d -> "true".equals(root().getAttribute("data-loaded")));
        return this;
    }

    private String threadIdsOrWhy() {
        try {
            return threadIds().toString();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** What the list says instead of rows (loading, nothing found), or "" when it says nothing. */
    String note() {
        try {
            WebElement note = find(".threads-note");
            return note.isDisplayed() ? note.getText() : "";
        } catch (RuntimeException e) {
            return "(no note)";
        }
    }

    /** Types {@code text} into the search box, replacing what was there. */
    void search(String text) {
        WebElement box = find(".thread-search");
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            box.sendKeys(text);
        }
    }

    /** Clicks New agent. */
    void newAgent() {
        find(".new-agent").click();
    }

    /** Follows the row's link to its thread. */
    void open(String threadId) {
        row(threadId).findElement(By.cssSelector(".thread-link")).click();
    }

    /** Clicks Rename on the row, types {@code title} over the old one and presses Enter. */
    void rename(String threadId, String title) {
        startRename(threadId);
        WebElement input = row(threadId).findElement(By.cssSelector(".rename-input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), title, Keys.ENTER);
    }

    /** Clicks Rename on the row: its title in a box, focused. */
    void startRename(String threadId) {
        WebElement button = row(threadId).findElement(By.cssSelector(".rename-button"));
        browser.await("Rename enabled on " + threadId, d -> button.isEnabled());
        button.click();
    }

    /** Whether the row's rename box is open. */
    boolean renaming(String threadId) {
        return row(threadId).findElement(By.cssSelector(".rename-form")).isDisplayed();
    }

    /** The note under the row (a refused rename or delete, "Deleting…"), or "" when none is shown. */
    String rowNote(String threadId) {
        WebElement note = row(threadId).findElement(By.cssSelector(".thread-note"));
        return note.isDisplayed() ? note.getText() : "";
    }

    /** Clicks Delete on the row: the confirmation opens. */
    ConfirmDialog delete(String threadId) {
        WebElement button = row(threadId).findElement(By.cssSelector(".delete-button"));
        browser.await("Delete enabled on " + threadId, d -> button.isEnabled());
        button.click();
        return new ConfirmDialog(browser).awaitOpen();
    }

    boolean loadMoreShown() {
        return find(".load-more").isDisplayed();
    }

    void loadMore() {
        find(".load-more").click();
    }

    /** The confirmation asked before a thread is deleted. */
    static final class ConfirmDialog {
        private final Browser browser;

        ConfirmDialog(Browser browser) {
            this.browser = browser;
        }

        private WebElement dialog() {
            return browser.driver.findElement(By.cssSelector("dialog.confirm-dialog"));
        }

        ConfirmDialog awaitOpen() {
            browser.await("the delete confirmation", d -> dialog().getAttribute("open") != null);
            return this;
        }

        boolean open() {
            return dialog().getAttribute("open") != null;
        }

        /** What it asks, as shown. */
        String text() {
            return dialog().getText();
        }

        /** The element the keyboard is on: the dialog's button's text, or another element's tag. */
        String focused() {
            return browser.js("return document.activeElement.closest('dialog') ? document.activeElement.textContent"
                    + " : document.activeElement.tagName");
        }

        void confirm() {
            dialog().findElement(By.cssSelector(".confirm-delete")).click();
        }

        void cancel() {
            dialog().findElement(By.cssSelector(".confirm-cancel")).click();
        }
    }
}
