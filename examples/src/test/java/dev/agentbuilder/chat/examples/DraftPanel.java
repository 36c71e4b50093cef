package dev.agentbuilder.chat.examples;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web chat's draft panel as a test sees it, in the browser's current window: the fields edited by hand, the
 * conversation starters, the capability switches, the version history and the download buttons. Reads what a person
 * sees, and clicks and types as they would.
 *
 * <p>Used from the test thread only; {@link ChatPage#focus()} the window first when there are several.
 */
final class DraftPanel {

    /** One line of the history: a version of the draft, who made it, what changed, and whether it is the current. */
    record Version(int version, String source, String summary, boolean current) {
    }

    private final Browser browser;

    DraftPanel(Browser browser) {
        this.browser = browser;
    }

    /** A text field as shown ("name", "description" or "instructions"), also while its editor hides it. */
    String field(String field) {
        return browser.js("return document.getElementById(arguments[0]).textContent", "draft-" + field);
    }

    /** The draft's version as the panel's heading shows it; 0 for the empty draft. */
    int version() {
        String shown = browser.driver.findElement(By.id("draft-version")).getText();
        return shown.isEmpty() ? 0 : Integer.parseInt(shown.substring(1));
    }

    DraftPanel awaitVersion(int version) {
        browser.await(() -> "draft version " + version + ", shown: " + version(), d -> version() == version);
        return this;
    }

    DraftPanel awaitField(String field, String value) {
        browser.await(() -> "the " + field + " " + value + ", shown: " + field(field), d -> value.equals(field(field)));
        return this;
    }

    /** Opens the editor of a text field with its Edit button. */
    DraftPanel edit(String field) {
        browser.driver.findElement(By.cssSelector(".field[data-field='" + field + "'] .edit")).click();
        return this;
    }

    /** Replaces what the open editor of {@code field} holds by typing {@code text}. */
    DraftPanel type(String field, String text) {
        WebElement input = editorInput(field);
        input.clear();
        input.sendKeys(text);
        return this;
    }

    /**
     * Replaces what the open editor of {@code field} holds by inserting {@code text} as typing or pasting does (the
     * browser applies the field's own limits, as it would to a person's input), which also works for characters
     * outside the Basic Multilingual Plane (emoji) that chromedriver cannot type.
     */
    DraftPanel insert(String field, String text) {
        WebElement input = editorInput(field);
        input.clear();
        input.click();
        browser.driver.executeCdpCommand("Input.insertText", Map.of("text", text));
        return this;
    }

    /** What the editor of {@code field} holds. */
    String editorText(String field) {
        return editorInput(field).getAttribute("value");
    }

    boolean editorOpen(String field) {
        return browser.driver.findElement(By.id("editor-" + field)).isDisplayed();
    }

    DraftPanel save(String field) {
        browser.driver.findElement(By.cssSelector("#editor-" + field + " .save")).click();
        return this;
    }

    boolean saveEnabled(String field) {
        return browser.driver.findElement(By.cssSelector("#editor-" + field + " .save")).isEnabled();
    }

    /**
     * Presses Save, then at once Escape and Cancel, as a person in a hurry would: all in one task of the page, so
     * that the server's answer cannot arrive in between. Returns whether the editor is still open afterwards.
     */
    boolean saveThenEscapeAndCancel(String field) {
        return browser.js("""
                const editor = document.getElementById(arguments[0]);
                editor.querySelector('.save').click();
                editor.querySelector('.editor-input').dispatchEvent(
                    new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
                editor.querySelector('.cancel').click();
                return !editor.hidden;
                """, "editor-" + field);
    }

    DraftPanel cancel(String field) {
        browser.driver.findElement(By.cssSelector("#editor-" + field + " .cancel")).click();
        return this;
    }

    /** The note under the editor of {@code field} (saving, a conflict, a refusal), or null when there is none. */
    String editorNote(String field) {
        WebElement note = browser.driver.findElement(By.cssSelector("#editor-" + field + " .editor-note"));
        return note.isDisplayed() ? note.getText() : null;
    }

    String awaitEditorNote(String field, String startingWith) {
        return browser.await(() -> "the " + field + " editor's note starting with " + startingWith + ", shown: "
                + editorNote(field), d -> {
                    String note = editorNote(field);
                    return note != null && note.startsWith(startingWith) ? note : null;
                });
    }

    String awaitEditorNoteContaining(String field, String text) {
        return browser.await(() -> "the " + field + " editor's note with " + text + ", shown: " + editorNote(field),
                d -> {
                    String note = editorNote(field);
                    return note != null && note.contains(text) ? note : null;
                });
    }

    DraftPanel awaitEditorClosed(String field) {
        browser.await(() -> "the " + field + " editor closes; its note: " + editorNote(field),
                d -> !editorOpen(field));
        return this;
    }

    /** The conversation starters as listed (read in one go: every change to the draft draws the list anew). */
    List<String> starters() {
        return browser.js("return [...document.querySelectorAll('#draft-starters .starter-text')]"
                + ".map(s => s.textContent)");
    }

    DraftPanel awaitStarters(List<String> expected) {
        browser.await(() -> "starters " + expected + ", shown: " + starters(), d -> starters().equals(expected));
        return this;
    }

    /** Types a starter into the box under the list and presses Add. */
    DraftPanel addStarter(String starter) {
        browser.driver.findElement(By.id("starter-input")).sendKeys(starter);
        browser.await("the Add button enabled", d -> d.findElement(By.id("starter-add-button")).isEnabled());
        browser.driver.findElement(By.id("starter-add-button")).click();
        return this;
    }

    /** Inserts {@code starter} into the box under the list as pasting does (see {@link #insert}), and presses Add. */
    DraftPanel insertStarter(String starter) {
        browser.driver.findElement(By.id("starter-input")).click();
        browser.driver.executeCdpCommand("Input.insertText", Map.of("text", starter));
        browser.await("the Add button enabled", d -> d.findElement(By.id("starter-add-button")).isEnabled());
        browser.driver.findElement(By.id("starter-add-button")).click();
        return this;
    }

    /** What the new-starter box holds. */
    String starterInput() {
        return browser.driver.findElement(By.id("starter-input")).getAttribute("value");
    }

    DraftPanel removeStarter(String starter) {
        browser.driver.findElements(By.cssSelector("#draft-starters li")).stream()
                .filter(li -> li.findElement(By.className("starter-text")).getText().equals(starter)).findFirst()
                .orElseThrow(() -> new AssertionError("no starter " + starter + " in " + starters()))
                .findElement(By.className("remove-starter")).click();
        return this;
    }

    /** The capabilities switched on, as their protocol names. */
    List<String> capabilities() {
        return browser.driver.findElements(By.cssSelector("#draft-capabilities input:checked")).stream()
                .map(c -> c.getAttribute("value")).toList();
    }

    DraftPanel awaitCapabilities(List<String> expected) {
        browser.await(() -> "capabilities " + expected + ", shown: " + capabilities(),
                d -> capabilities().equals(expected) && capabilitySwitchesEnabled());
        return this;
    }

    private boolean capabilitySwitchesEnabled() {
        return browser.driver.findElements(By.cssSelector("#draft-capabilities input")).stream()
                .allMatch(WebElement::isEnabled);
    }

    /** Clicks the switch of {@code capability} ("web_search", ...). */
    DraftPanel toggleCapability(String capability) {
        browser.driver.findElement(By.cssSelector("#draft-capabilities input[value='" + capability + "']")).click();
        return this;
    }

    /** The history, newest first. */
    List<Version> history() {
        List<Map<String, Object>> rows = browser.js("""
                return [...document.querySelectorAll('#draft-history li')].map(li => ({
                  version: Number(li.dataset.version), source: li.dataset.source,
                  summary: li.querySelector('.history-summary').textContent,
                  current: li.classList.contains('current')}));
                """);
        return rows.stream().map(r -> new Version(((Number) r.get("version")).intValue(), (String) r.get("source"),
                (String) r.get("summary"), (Boolean) r.get("current"))).toList();
    }

    /** The history line's source labels as a person reads them ("Builder", "You", "Restored"), newest first. */
    List<String> historySourceLabels() {
        return browser.driver.findElements(By.cssSelector("#draft-history .history-source")).stream()
                .map(WebElement::getText).toList();
    }

    /** Clicks Restore on the history's line for {@code version}. */
    DraftPanel restore(int version) {
        browser.driver.findElement(By.cssSelector("#draft-history li[data-version='" + version + "'] .restore"))
                .click();
        return this;
    }

    /** The panel's error banner, or null when it is hidden. */
    String error() {
        WebElement banner = browser.driver.findElement(By.id("draft-error"));
        return banner.isDisplayed() ? browser.driver.findElement(By.id("draft-error-text")).getText() : null;
    }

    String awaitError() {
        return browser.await("the draft panel's error", d -> error());
    }

    /** Clicks the download button of {@code format}: "json", "openai" or "markdown". */
    DraftPanel download(String format) {
        browser.driver.findElement(By.id("export-" + format)).click();
        return this;
    }

    private WebElement editorInput(String field) {
        return browser.driver.findElement(By.cssSelector("#editor-" + field + " .editor-input"));
    }
}
