package dev.agentbuilder.chat.examples;

import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every browser test of the web chat shares: one {@link WebChatTestbed} per class, tests that skip themselves
 * (with the reason) when there is no browser, and no window left open by one test for the next. A subclass's own
 * {@code @AfterEach} runs before the windows are closed.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebChatBrowserTest {

    /** Null when there is no browser; the tests are then skipped before they run. */
    WebChatTestbed testbed;

    /** The model that plays the builder on the chat server: the offline builder unless a class plays it itself. */
    StreamingChatModel builderModel() {
        return ChatServerFixture.offlineModel();
    }

    /** Where the chat server keeps threads: SQLite in the data directory unless a class keeps them elsewhere. */
    ThreadStore store(Path dataDir) {
        return ChatServerFixture.sqlite(dataDir);
    }

    @BeforeAll
    void startTestbed(@TempDir Path dataDir) {
        testbed = WebChatTestbed.startIfInstalled(dataDir, builderModel(), this::store);
    }

    @BeforeEach
    void needsABrowser() {
        Browser.assumeInstalled();
    }

    @AfterEach
    void closeExtraWindows() {
        if (testbed != null) {
            testbed.closeExtraWindows();
        }
    }

    @AfterAll
    void stopTestbed() {
        if (testbed != null) {
            testbed.close();
        }
    }
}
