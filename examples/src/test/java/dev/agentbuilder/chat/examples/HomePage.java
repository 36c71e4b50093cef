package dev.agentbuilder.chat.examples;

import org.openqa.selenium.By;

/**
 * The web chat's home page as a test sees it: one browser window showing the user's agents, with the header's status
 * indicator.
 *
 * <p>Used from the test thread only; {@link #focus()} first when the browser has several windows.
 */
final class HomePage {

    private final Browser browser;
    private final String window;

    private HomePage(Browser browser, String window) {
        this.browser = browser;
        this.window = window;
    }

    /** Opens {@code url} in the browser's current window. */
    static HomePage open(Browser browser, String url) {
        browser.driver.get(url);
        return new HomePage(browser, browser.driver.getWindowHandle());
    }

    HomePage focus() {
        browser.driver.switchTo().window(window);
        return this;
    }

    String status() {
        return browser.driver.findElement(By.id("status")).getAttribute("data-status");
    }

    HomePage awaitStatus(String expected) {
        browser.await("status " + expected, d -> expected.equals(status()));
        return this;
    }

    String userLabel() {
        return browser.driver.findElement(By.id("user-label")).getText();
    }

    /** The list of agents. */
    ThreadListPanel threads() {
        return new ThreadListPanel(browser, "#home-threads");
    }
}
