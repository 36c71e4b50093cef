package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;

/**
 * What a {@link ReconnectingSession} reports whatever its connections carry: the app's listeners of either client
 * behind one object. Called on the client's thread.
 */
interface SessionListener {

    void onStatus(ConnectionStatus status);

    /** A frame the codec could not read was skipped. */
    void onUndecodable(String text, String problem);

    void onStopped(ConnectionStatus status);
}
