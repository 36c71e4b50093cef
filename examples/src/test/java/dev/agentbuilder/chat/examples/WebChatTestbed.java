package dev.agentbuilder.chat.examples;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.WindowType;

/**
 * What a browser test of the web chat runs against: a headless Chromium, the real launcher serving the page and the
 * real chat server (in-process, SQLite store), all on 127.0.0.1 and free ports. One per test class; each test opens
 * its own thread.
 *
 * <p>Used from the test thread only.
 */
final class WebChatTestbed implements AutoCloseable {

    static final String USER = "e2e-user";

    final Browser browser;
    final WebChat webChat;
    final ChatServerFixture chatServer;
    private final String mainWindow;

    private WebChatTestbed(Browser browser, WebChat webChat, ChatServerFixture chatServer) {
        this.browser = browser;
        this.webChat = webChat;
        this.chatServer = chatServer;
        this.mainWindow = browser.driver.getWindowHandle();
    }

    /** Starts all three; null when there is no browser (the tests then skip themselves with the reason). */
    static WebChatTestbed startIfInstalled(Path dataDir) {
        return startIfInstalled(dataDir, ChatServerFixture.offlineModel());
    }

    /** As {@link #startIfInstalled(Path)}, with the builder played by {@code model}. */
    static WebChatTestbed startIfInstalled(Path dataDir, StreamingChatModel model) {
        return startIfInstalled(dataDir, model, ChatServerFixture::sqlite);
    }

    /** As {@link #startIfInstalled(Path, StreamingChatModel)}, keeping threads in the store {@code stores} opens. */
    static WebChatTestbed startIfInstalled(Path dataDir, StreamingChatModel model, Function<Path, ThreadStore> stores) {
        Browser browser = Browser.startIfInstalled();
        if (browser == null) {
            return null;
        }
        WebChat webChat = WebChat.start("127.0.0.1", 0, WebChat.DEFAULT_WS_URL);
        ChatServerFixture chatServer = ChatServerFixture.start(dataDir, "http://127.0.0.1:" + webChat.port(),
                ChatServerFixture.MAX_MESSAGE_CHARS, model, stores);
        return new WebChatTestbed(browser, webChat, chatServer);
    }

    /** The home page (the agents of {@code user}), in the current window. */
    HomePage openHome(String user) {
        return HomePage.open(browser, "http://127.0.0.1:" + webChat.port() + "/?ws=" + chatServer.wsUrl()
                + "&user=" + user);
    }

    /** As {@link #openHome(String)}, in a new window (a second tab, as a person would). */
    HomePage openHomeInNewWindow(String user) {
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        return openHome(user);
    }

    /** Opens {@code threadId} as {@link #USER} in the current window. */
    ChatPage open(String threadId) {
        return open(threadId, "&user=" + USER);
    }

    /** Opens {@code threadId} in the current window, with {@code userQuery} ("&user=..." or "") in the URL. */
    ChatPage open(String threadId, String userQuery) {
        return ChatPage.open(browser, "http://127.0.0.1:" + webChat.port() + "/thread/" + threadId + "?ws="
                + chatServer.wsUrl() + userQuery);
    }

    /** Opens {@code threadId} as {@link #USER} in a new window (a second tab, as a person would), and waits for it. */
    ChatPage openInNewWindow(String threadId) {
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        return open(threadId).awaitStatus("connected");
    }

    /**
     * As {@link #openInNewWindow(String)}, in a window whose connection to the chat server the test can slow down
     * ({@link HeldFrames}).
     */
    ChatPage openInNewWindowWithHeldFrames(String threadId) {
        browser.driver.switchTo().newWindow(WindowType.WINDOW);
        HeldFrames.installBeforeLoad(browser);
        return open(threadId).awaitStatus("connected");
    }

    /** Closes every window but the first, and goes back to it: what each test starts from. */
    void closeExtraWindows() {
        for (String window : List.copyOf(browser.driver.getWindowHandles())) {
            if (!window.equals(mainWindow)) {
                browser.driver.switchTo().window(window).close();
            }
        }
        browser.driver.switchTo().window(mainWindow);
    }

    @Override
    public void close() {
        try {
            chatServer.close();
        } finally {
            try {
                webChat.close();
            } finally {
                browser.close();
            }
        }
    }
}
