package dev.agentbuilder.chat.examples;

import java.util.Map;

/**
 * Holds back the frames of one type that the chat server sends to one browser window, and lets the others through,
 * as a slow path between two servers would: the order in which a client may get them, made certain. Installed from
 * outside the page, before its scripts run, by wrapping the browser's {@code WebSocket}; the page keeps nothing for
 * the tests.
 *
 * <p>Used from the test thread only, in the window it was installed in ({@link ChatPage#focus()} it first).
 */
final class HeldFrames {

    // Wraps the socket's onmessage (how websocket.js listens): a frame of the type held waits in a list until
    // release() hands it, and those after it, to the page in the order they came.
    private static final String SCRIPT = """
            (() => {
              const NativeWebSocket = window.WebSocket;
              const gate = { type: null, held: [] };
              window.heldFrames = {
                hold(type) { gate.type = type; },
                count() { return gate.held.length; },
                release() {
                  gate.type = null;
                  gate.held.splice(0).forEach((deliver) => deliver());
                },
              };
              window.WebSocket = class extends NativeWebSocket {
                set onmessage(handler) {
                  super.onmessage = handler && ((event) => {
                    let type = null;
                    try { type = JSON.parse(event.data).type; } catch { /* not JSON: let it through */ }
                    if (gate.type !== null && type === gate.type) {
                      gate.held.push(() => handler.call(this, event));
                    } else {
                      handler.call(this, event);
                    }
                  });
                }
                get onmessage() { return super.onmessage; }
              };
            })();
            """;

    private final Browser browser;

    HeldFrames(Browser browser) {
        this.browser = browser;
    }

    /** Installs the wrapper in the current window, for every page loaded in it from now on. */
    static void installBeforeLoad(Browser browser) {
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
    }

    /** From now on, frames of {@code type} ("agent_updated", ...) wait until {@link #release()}. */
    HeldFrames hold(String type) {
        browser.js("window.heldFrames.hold(arguments[0])", type);
        return this;
    }

    /** Waits until {@code count} frames are held. */
    HeldFrames awaitHeld(int count) {
        browser.await(() -> count + " frames held; held: " + held(), d -> held() == count);
        return this;
    }

    int held() {
        return ((Number) browser.js("return window.heldFrames.count()")).intValue();
    }

    /** Hands the frames held to the page, in the order they came, and holds no more. */
    void release() {
        browser.js("window.heldFrames.release()");
    }
}
