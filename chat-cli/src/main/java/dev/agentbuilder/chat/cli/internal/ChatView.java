package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code chat} shows: status lines in brackets, the transcript ({@code you>}, {@code <user>>}, {@code builder>}),
 * and replies streamed as their deltas arrive. It hears the session on the session's thread and the typed commands on
 * the command's thread.
 *
 * <p>Guarded by {@code this}: every method is synchronized, which also keeps lines whole on the shared writer.
 */
final class ChatView implements SessionListener {

    private final PrintWriter out;
    private final String userId;
    /** The clientMessageIds of what was typed here: their echoes are not printed again. */
    private final Set<String> typed = new HashSet<>();
    private WireAgent draft;
    /** The reply whose deltas are being printed on the current line, or null. */
    private String openStream;
    private int failedOwn;

    ChatView(PrintWriter out, String userId) {
        this.out = Objects.requireNonNull(out, "out");
        this.userId = Objects.requireNonNull(userId, "userId");
    }

    /** Call before the message is handed to the session, so its echo is recognised. */
    synchronized void typed(String clientMessageId) {
        typed.add(clientMessageId);
    }

    /** How many typed messages the server refused or could not answer. */
    synchronized int failedOwn() {
        return failedOwn;
    }

    synchronized void printAgent() {
        if (draft == null) {
            line("[agent] not known yet: not connected");
        } else {
            line(AgentCommand.prettyJson(draft));
        }
    }

    synchronized void print(String text) {
        line(text);
    }

    @Override
    public synchronized void connecting(URI uri, int attempt) {
        line("[connecting] " + Redact.url(uri));
    }

    @Override
    public synchronized void connected(ServerFrame.Ready ready) {
        draft = ready.agent();
        line("[connected] thread " + ready.threadId() + " as " + ready.userId()
                + (ready.reset() ? " (the server's history restarted; showing it again)" : ""));
    }

    @Override
    public synchronized void frame(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message) {
            show(message.message());
        } else if (frame instanceof ServerFrame.AssistantDelta delta) {
            stream(delta);
        } else if (frame instanceof ServerFrame.AgentUpdated updated) {
            draft = updated.agent();
        } else if (frame instanceof ServerFrame.ErrorFrame error) {
            if (error.clientMessageId() != null && typed.contains(error.clientMessageId())) {
                failedOwn++;
            }
            line("[error] " + error.code() + ": " + error.message());
        }
    }

    @Override
    public synchronized void disconnected(String why, Duration retryIn) {
        line("[disconnected] " + why + "; reconnecting in " + Durations.format(retryIn));
    }

    @Override
    public synchronized void dropped(String clientMessageId, String why) {
        failedOwn++;
        line("[error] " + why);
    }

    @Override
    public synchronized void stopped(SessionStop stop) {
        if (stop.refused()) {
            line("[error] " + stop.why() + "; not reconnecting");
        } else {
            endStream();
        }
    }

    private void show(WireMessage m) {
        if (m == null) {
            return;
        }
        if ("assistant".equals(m.role())) {
            if (m.id() != null && m.id().equals(openStream)) {
                openStream = null;
                out.println(Boolean.TRUE.equals(m.stopped()) ? " [stopped]" : "");
                out.flush();
            } else {
                line("builder> " + m.content() + (Boolean.TRUE.equals(m.stopped()) ? " [stopped]" : ""));
            }
            return;
        }
        if (m.clientMessageId() != null && typed.contains(m.clientMessageId())) {
            return;
        }
        String who = userId.equals(m.userId()) ? "you" : m.userId();
        line(who + "> " + m.content());
    }

    private void stream(ServerFrame.AssistantDelta delta) {
        if (delta.messageId() == null) {
            return;
        }
        if (!delta.messageId().equals(openStream)) {
            endStream();
            out.print("builder> ");
            openStream = delta.messageId();
        }
        out.print(delta.delta());
        out.flush();
    }

    /** Prints a whole line, first ending a reply that is streaming on the current one. */
    private void line(String text) {
        endStream();
        out.println(text);
        out.flush();
    }

    private void endStream() {
        if (openStream != null) {
            openStream = null;
            out.println();
        }
    }
}
