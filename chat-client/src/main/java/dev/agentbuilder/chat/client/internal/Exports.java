package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code export_agent} requests of the current connection waiting for their {@code agent_export}: the server
 * answers them in order, to the asking connection only, so the next answer is the oldest request's.
 *
 * <p>Confined to the client's thread.
 */
final class Exports {

    private final Deque<CompletableFuture<ServerFrame.AgentExport>> waiting = new ArrayDeque<>();

    void add(CompletableFuture<ServerFrame.AgentExport> answer) {
        waiting.add(answer);
    }

    void answered(ServerFrame.AgentExport export) {
        CompletableFuture<ServerFrame.AgentExport> oldest = waiting.poll();
        if (oldest != null) {
            oldest.complete(export);
        }
    }

    /** The connection ended: no answer will come on it. */
    void failAll(String why) {
        while (!waiting.isEmpty()) {
            waiting.poll().completeExceptionally(new IllegalStateException(why));
        }
    }
}
