package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * websocket.js's {@code WebSocketService} on its own, in Chromium, against a fake WebSocket: the reconnect, resume
 * and outbox rules (for messages and for changes to the draft) that the end-to-end tests can only show one path of.
 * The cases are in {@code src/test/resources/websocket-service-spec.js}; the module is served by the real launcher.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketServiceBrowserIT {

    private Browser browser;
    private WebChat webChat;
    private String spec;

    @BeforeAll
    void start() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/websocket-service-spec.js")) {
            spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        browser = Browser.startIfInstalled();
        if (browser == null) {
            return;
        }
        browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        webChat = WebChat.start("127.0.0.1", 0, WebChat.DEFAULT_WS_URL);
        // Any page of the launcher's origin can import the module; the 404 page opens no connection of its own.
        browser.driver.get(base() + "/no-page-here");
    }

    @BeforeEach
    void needsABrowser() {
        Browser.assumeInstalled();
    }

    @AfterAll
    void stop() {
        if (webChat != null) {
            webChat.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + webChat.port();
    }

    private void run(String specCase) {
        Object result = browser.js(spec, base() + "/assets/websocket.js", specCase);
        assertThat(result).as(specCase).isEqualTo("passed");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        run("backoffGrowsExponentiallyWithJitterUpToTheCap");
    }

    @Test
    void reconnectsAfterEachFailureWithGrowingDelaysAndStartsOverOnceConnected() {
        run("reconnectsAfterEachFailureWithGrowingDelaysAndStartsOverOnceConnected");
    }

    @Test
    void doesNotRetryAfter4400Or4401Or4403AndSaysWhy() {
        run("doesNotRetryAfter4400Or4401Or4403AndSaysWhy");
    }

    @Test
    void aMessageSentWhileOfflineGoesOutOnceConnectedAndIsResentWithTheSameIdUntilAcked() {
        run("aMessageSentWhileOfflineGoesOutOnceConnectedAndIsResentWithTheSameIdUntilAcked");
    }

    @Test
    void aMessageTheServerRefusesLeavesTheOutbox() {
        run("aMessageTheServerRefusesLeavesTheOutbox");
    }

    @Test
    void resumesFromTheLastSeqAndDropsStoredEventsAlreadySeen() {
        run("resumesFromTheLastSeqAndDropsStoredEventsAlreadySeen");
    }

    @Test
    void aMessageLongerThanTheServerTakesIsRefusedBeforeItIsQueued() {
        run("aMessageLongerThanTheServerTakesIsRefusedBeforeItIsQueued");
    }

    @Test
    void theLimitCountsCodePointsAsTheServerDoes() {
        run("theLimitCountsCodePointsAsTheServerDoes");
    }

    @Test
    void aFullOutboxRefusesTheNextMessageAndKeepsEveryQueuedOne() {
        run("aFullOutboxRefusesTheNextMessageAndKeepsEveryQueuedOne");
    }

    @Test
    void aListenerThatThrowsStopsNeitherTheOtherListenersNorTheResendOfQueuedMessages() {
        run("aListenerThatThrowsStopsNeitherTheOtherListenersNorTheResendOfQueuedMessages");
    }

    @Test
    void aFrameTooLargeForTheServerGivesUpThatMessageInsteadOfResendingItForEver() {
        run("aFrameTooLargeForTheServerGivesUpThatMessageInsteadOfResendingItForEver");
    }

    @Test
    void aPongAnsweringEachPingKeepsTheConnectionHowEverLateTheTimerFires() {
        run("aPongAnsweringEachPingKeepsTheConnectionHowEverLateTheTimerFires");
    }

    @Test
    void aServerThatStopsAnsweringIsGivenUpAndRetried() {
        run("aServerThatStopsAnsweringIsGivenUpAndRetried");
    }

    @Test
    void aConnectThatGetsNoReadyIsRetried() {
        run("aConnectThatGetsNoReadyIsRetried");
    }

    @Test
    void disconnectStopsReconnectingAndKeepsUnsentMessages() {
        run("disconnectStopsReconnectingAndKeepsUnsentMessages");
    }

    @Test
    void clientMessageIdsAreUuidsEvenWithoutRandomUUID() {
        run("clientMessageIdsAreUuidsEvenWithoutRandomUUID");
    }

    @Test
    void aPreviewMessageCarriesItsModeAndABuilderMessageIsSentAsBefore() {
        run("aPreviewMessageCarriesItsModeAndABuilderMessageIsSentAsBefore");
    }

    @Test
    void aDraftChangeIsKeptUntilAckedAndResentWithTheSameIdAfterAReconnect() {
        run("aDraftChangeIsKeptUntilAckedAndResentWithTheSameIdAfterAReconnect");
    }

    @Test
    void anExportIsAskedForOnlyWhileConnected() {
        run("anExportIsAskedForOnlyWhileConnected");
    }

    @Test
    void badArgumentsFailFastWithTheValue() {
        run("badArgumentsFailFastWithTheValue");
    }

    @Test
    void anUnknownCaseNameFailsRatherThanPassing() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run("noSuchCase"))
                .hasMessageContaining("no such case: noSuchCase");
    }
}
