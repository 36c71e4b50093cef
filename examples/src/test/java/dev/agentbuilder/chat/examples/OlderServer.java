package dev.agentbuilder.chat.examples;

import java.util.Map;

/**
 * Makes the chat server look, to one browser window, like a server that predates {@code limits} in {@code ready}:
 * the field is taken out of every {@code ready} before the page sees it. Installed from outside the page, before its
 * scripts run, by wrapping the browser's {@code WebSocket} as {@link HeldFrames} does; the page keeps nothing for the
 * tests.
 *
 * <p>Used from the test thread only.
 */
final class OlderServer {

    private static final String SCRIPT = """
            (() => {
              const NativeWebSocket = window.WebSocket;
              window.WebSocket = class extends NativeWebSocket {
                set onmessage(handler) {
                  super.onmessage = handler && ((event) => {
                    let frame = null;
                    try { frame = JSON.parse(event.data); } catch { /* not JSON: let it through */ }
                    if (frame !== null && frame.type === 'ready') {
                      delete frame.limits;
                      handler.call(this, { data: JSON.stringify(frame) });
                    } else {
                      handler.call(this, event);
                    }
                  });
                }
                get onmessage() { return super.onmessage; }
              };
            })();
            """;

    private OlderServer() {
    }

    /** Installs the wrapper in the current window, for every page loaded in it from now on. */
    static void installBeforeLoad(Browser browser) {
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
    }
}
