package dev.agentbuilder.chat.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;

/**
 * The draft panel's Knowledge area, as a person uses it: files chosen with the picker, their rows (name, size and
 * type, status), Remove, and the error line. Read from the page's elements, with nothing the page keeps for tests.
 *
 * <p>Used from the test thread only.
 */
final class KnowledgePanel {

    /** One row of the list: a file of the draft, or an upload under way ({@code status} "uploading"). */
    record Row(String name, String status, String meta, String error) {
    }

    private final Browser browser;

    KnowledgePanel(Browser browser) {
        this.browser = browser;
    }

    /** Chooses {@code files} in the picker at once, as the file dialog would. */
    KnowledgePanel choose(Path... files) {
        String paths = java.util.Arrays.stream(files).map(f -> f.toAbsolutePath().toString())
                .collect(Collectors.joining("\n"));
        browser.driver.findElement(By.id("knowledge-input")).sendKeys(paths);
        return this;
    }

    List<Row> rows() {
        List<Map<String, Object>> rows = browser.js("""
                return [...document.querySelectorAll('#knowledge-files li')].map(li => ({
                  name: li.querySelector('.file-name').textContent, status: li.dataset.status,
                  meta: li.querySelector('.file-meta').textContent,
                  error: li.querySelector('.file-error')?.textContent ?? null}));
                """);
        return rows.stream().map(r -> new Row((String) r.get("name"), (String) r.get("status"),
                (String) r.get("meta"), (String) r.get("error"))).toList();
    }

    /**
     * Waits until the list shows exactly these files, by name, each with {@code status}, and returns them by name.
     * In any order: files chosen together are uploaded side by side, and added in the order the server takes them.
     */
    Map<String, Row> awaitFiles(String status, String... names) {
        return browser.await(() -> "the files " + List.of(names) + " " + status + "; shown: " + rows()
                + "; error: " + error(), d -> {
                    List<Row> now = rows();
                    boolean all = now.stream().map(Row::name).sorted().toList()
                            .equals(java.util.Arrays.stream(names).sorted().toList())
                            && now.stream().allMatch(r -> r.status().equals(status));
                    return all ? now.stream().collect(Collectors.toMap(Row::name, r -> r)) : null;
                });
    }

    void remove(String name) {
        browser.driver.findElement(By.cssSelector("#knowledge-files button[aria-label='Remove " + name + "']"))
                .click();
    }

    /** The error line's text, or null while it is hidden. */
    String error() {
        return browser.js("""
                const box = document.getElementById('knowledge-error');
                return box.hidden ? null : document.getElementById('knowledge-error-text').textContent;
                """);
    }

    String awaitError() {
        return browser.await("an error in the Knowledge area; shown: " + rows(), d -> error());
    }

    /** The limits as the area says them ("2 of 20 files, at most 20 MB each"). */
    String limits() {
        return browser.driver.findElement(By.id("knowledge-limits")).getText();
    }
}
