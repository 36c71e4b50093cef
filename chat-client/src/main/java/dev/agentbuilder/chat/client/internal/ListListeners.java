package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.ThreadListListener;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.List;

/**
 * The app's list listeners as one, as {@link Listeners} does for a thread's: each call goes to every listener in
 * order, and one that throws is logged and skipped. Immutable; called on the client's thread.
 */
final class ListListeners implements ThreadListListener, SessionListener {

    private final List<ThreadListListener> listeners;

    ListListeners(List<ThreadListListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onStatus(ConnectionStatus status) {
        Listeners.each(listeners, "onStatus", l -> l.onStatus(status));
    }

    @Override
    public void onChange(ServerFrame.ThreadChanged change) {
        Listeners.each(listeners, "onChange", l -> l.onChange(change));
    }

    @Override
    public void onRelisted(ServerFrame.Threads firstPage) {
        Listeners.each(listeners, "onRelisted", l -> l.onRelisted(firstPage));
    }

    @Override
    public void onUndecodable(String text, String problem) {
        Listeners.each(listeners, "onUndecodable", l -> l.onUndecodable(text, problem));
    }

    @Override
    public void onStopped(ConnectionStatus status) {
        Listeners.each(listeners, "onStopped", l -> l.onStopped(status));
    }
}
