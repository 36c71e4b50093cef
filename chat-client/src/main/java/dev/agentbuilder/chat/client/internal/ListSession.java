package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireThread;
import java.util.concurrent.CompletableFuture;

/**
 * A user connection that survives being lost: a {@link ReconnectingSession} whose traffic is the user's list
 * ({@link ListTraffic}). What {@code ThreadListClient} runs on.
 *
 * <p>Threading: every method may be called from any thread; each hands its work to the client's thread, where the
 * futures are completed.
 */
public final class ListSession {

    private final ReconnectingSession session;
    private final ListTraffic traffic;

    public ListSession(ListSettings settings) {
        ListListeners listeners = new ListListeners(settings.listeners());
        this.traffic = new ListTraffic(listeners, settings.connection().endpoint().userId(), settings.watch());
        this.session = new ReconnectingSession(settings.connection(), listeners, traffic);
    }

    public ConnectionStatus status() {
        return session.status();
    }

    public void connect() {
        session.connect();
    }

    /** @param query null for all; @param cursor null for the first page; @param limit null for the server's default */
    public CompletableFuture<ServerFrame.Threads> list(String query, String cursor, Integer limit) {
        CompletableFuture<ServerFrame.Threads> answer = new CompletableFuture<>();
        session.post(() -> traffic.list(query, cursor, limit, answer));
        return answer;
    }

    public CompletableFuture<WireThread> rename(String threadId, String title) {
        CompletableFuture<WireThread> answer = new CompletableFuture<>();
        session.post(() -> traffic.rename(threadId, title, answer));
        return answer;
    }

    public CompletableFuture<Void> delete(String threadId) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        session.post(() -> traffic.delete(threadId, answer));
        return answer;
    }

    public CompletableFuture<ConnectionStatus> whenStopped() {
        return session.whenStopped();
    }

    public CompletableFuture<ConnectionStatus> stop() {
        return session.stop();
    }

    public void close() {
        session.close();
    }
}
