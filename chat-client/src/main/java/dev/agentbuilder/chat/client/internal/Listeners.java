package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ChatClientListener;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.TokenQuota;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireFile;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's listeners as one: each call goes to every listener in the order given; one that throws is logged and
 * skipped, and neither the client nor the listeners after it notice. Immutable; called on the client's thread.
 */
final class Listeners implements ChatClientListener, SessionListener {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<ChatClientListener> listeners;

    Listeners(List<ChatClientListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onStatus(ConnectionStatus status) {
        each("onStatus", l -> l.onStatus(status));
    }

    @Override
    public void onReady(ServerFrame.Ready ready) {
        each("onReady", l -> l.onReady(ready));
    }

    @Override
    public void onReset() {
        each("onReset", ChatClientListener::onReset);
    }

    @Override
    public void onFrame(ServerFrame frame) {
        each("onFrame", l -> l.onFrame(frame));
    }

    @Override
    public void onFileStatus(WireFile file) {
        each("onFileStatus", l -> l.onFileStatus(file));
    }

    @Override
    public void onQuota(TokenQuota quota) {
        each("onQuota", l -> l.onQuota(quota));
    }

    @Override
    public void onRefused(String clientMessageId, String code, String message) {
        each("onRefused", l -> l.onRefused(clientMessageId, code, message));
    }

    @Override
    public void onUnanswered(String clientMessageId) {
        each("onUnanswered", l -> l.onUnanswered(clientMessageId));
    }

    @Override
    public void onUndecodable(String text, String problem) {
        each("onUndecodable", l -> l.onUndecodable(text, problem));
    }

    @Override
    public void onStopped(ConnectionStatus status) {
        each("onStopped", l -> l.onStopped(status));
    }

    private void each(String call, Consumer<ChatClientListener> action) {
        each(listeners, call, action);
    }

    /** Calls {@code action} on each listener in order; one that throws is logged and skipped. */
    static <L> void each(List<L> listeners, String call, Consumer<L> action) {
        for (L listener : listeners) {
            try {
                action.accept(listener);
            } catch (RuntimeException e) {
                log.warn("a listener failed in {}; going on", call, e);
            }
        }
    }
}
