package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.client.TokenQuota;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A chat thread membership that survives lost connections: a {@link ReconnectingSession} whose traffic is the
 * thread's {@link Delivery}. What {@code ChatClient} runs on.
 *
 * <p>Threading: every method may be called from any thread; each hands its work to the client's thread.
 * {@link #lastSeq} and {@link #quota} are volatile snapshots.
 */
public final class ThreadSession {

    private final ReconnectingSession session;
    private final Delivery delivery;
    private volatile long lastSeqSnapshot;
    private volatile TokenQuota quotaSnapshot;

    public ThreadSession(ThreadSettings settings) {
        Listeners listeners = new Listeners(settings.listeners());
        this.delivery = new Delivery(listeners, settings, seq -> lastSeqSnapshot = seq,
                quota -> quotaSnapshot = quota);
        this.session = new ReconnectingSession(settings.connection(), listeners, delivery);
    }

    public ConnectionStatus status() {
        return session.status();
    }

    public long lastSeq() {
        return lastSeqSnapshot;
    }

    /** The user's tokens today against the server's daily budget; null without one. */
    public TokenQuota quota() {
        return quotaSnapshot;
    }

    /** Starts connecting, unless a run is under way; a run that stopped starts again. */
    public void connect() {
        session.connect();
    }

    /** Queues a request that carries {@code clientMessageId}: sent now if connected, else after the next join. */
    public void submit(String clientMessageId, ClientFrame frame) {
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        String encoded = ProtocolCodec.encode(Objects.requireNonNull(frame, "frame"));
        int length = frame instanceof ClientFrame.UserMessage m ? m.content().codePointCount(0, m.content().length())
                : 0;
        session.post(() -> delivery.request(clientMessageId, encoded, frame instanceof ClientFrame.UserMessage,
                length));
    }

    /** Asks the server to stop the running turn now, or once connected again if that turn still runs then. */
    public void cancel() {
        session.post(delivery::cancel);
    }

    /** Completed by the next {@code agent_export} of the current connection. */
    public CompletableFuture<ServerFrame.AgentExport> export(String format) {
        String frame = ProtocolCodec.encode(new ClientFrame.ExportAgent(format));
        CompletableFuture<ServerFrame.AgentExport> answer = new CompletableFuture<>();
        session.post(() -> delivery.export(frame, answer, "not connected: " + session.status().reason()));
        return answer;
    }

    public CompletableFuture<Void> whenSettled() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        session.post(() -> delivery.whenSettled(settled));
        return settled;
    }

    public CompletableFuture<ConnectionStatus> whenStopped() {
        return session.whenStopped();
    }

    /** Closes the connection normally (1000) and reconnects no more; the future completes when closed. */
    public CompletableFuture<ConnectionStatus> stop() {
        return session.stop();
    }

    /** Stops, waits for it (bounded; not on the client's own thread), then ends the client's thread. */
    public void close() {
        session.close();
    }
}
