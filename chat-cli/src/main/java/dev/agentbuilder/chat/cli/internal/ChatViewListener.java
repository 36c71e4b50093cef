package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.client.ChatClientListener;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireFile;

/**
 * What the chat client reports, shown by a {@link ChatView}: the calls come on the client's thread, one at a time,
 * and the view is guarded by its own lock. Stateless.
 */
final class ChatViewListener implements ChatClientListener {

    private final ChatView view;

    ChatViewListener(ChatView view) {
        this.view = view;
    }

    @Override
    public void onStatus(ConnectionStatus status) {
        if (status.state() == ConnectionStatus.State.CONNECTING) {
            view.connecting(status.url());
        } else if (status.retrying()) {
            view.disconnected(status.reason(), status.retryIn());
        }
    }

    @Override
    public void onReady(ServerFrame.Ready ready) {
        view.connected(ready);
    }

    @Override
    public void onFrame(ServerFrame frame) {
        view.frame(frame);
    }

    @Override
    public void onFileStatus(WireFile file) {
        view.fileStatus(file);
    }

    @Override
    public void onRefused(String clientMessageId, String code, String message) {
        view.refused(clientMessageId, message);
    }

    @Override
    public void onUnanswered(String clientMessageId) {
        view.unanswered(clientMessageId);
    }

    @Override
    public void onStopped(ConnectionStatus status) {
        view.stopped(status);
    }
}
