package dev.agentbuilder.chat.cli.internal;

import com.google.gson.GsonBuilder;
import dev.agentbuilder.chat.client.ConnectionStatus;
import dev.agentbuilder.chat.common.Durations;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireFile;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code chat} shows: status lines in brackets, the transcript ({@code you>}, {@code <user>>}, {@code builder>},
 * and in preview {@code <agent name> (preview)>}), the draft's changes ({@code [agent] v4 by user: ...}), and replies
 * streamed as their deltas arrive. It hears the chat client on the client's thread ({@code chat-client-N}, through a
 * {@link ChatViewListener}) and the typed commands on the command's thread. Where on the screen each thing goes (the
 * prompt, the streaming line) is its {@link ChatScreen}'s business.
 *
 * <p>Guarded by {@code this}: every method is synchronized, which also guards the screen and so keeps lines whole on
 * the shared writer.
 */
final class ChatView {

    private final ChatScreen screen;
    private final String userId;
    /** The clientMessageIds of the messages typed here: their echoes are not printed again. */
    private final Set<String> typed = new HashSet<>();
    /** The changes to the draft asked for here and not yet answered: clientMessageId to what was typed. */
    private final Map<String, String> requests = new HashMap<>();
    /** The changes to the draft asked for here and acked, until their agent_updated arrives: seq to what was typed. */
    private final Map<Long, String> acked = new HashMap<>();
    private final DraftHistory history = new DraftHistory();
    private int failedMessages;
    private int failedChanges;
    /** The requests counted as failed already (by their error frame): the client's refusal that follows is not. */
    private final Set<String> counted = new HashSet<>();
    /** The highest seq of an {@code agent_updated} received: an ack at or below it came after its event. */
    private long lastDraftSeq;
    /** The thread's status as last heard ({@code idle} or {@code thinking}); null before the first join. */
    private String status;
    /** Told when a change to the draft may have become possible: a join, the status, an answer to a change. */
    private Runnable readinessListener = () -> { };

    /** @param terminal whether {@code out} is a terminal a person types at: then a prompt is shown */
    ChatView(PrintWriter out, String userId, boolean terminal) {
        this.screen = new ChatScreen(out, terminal);
        this.userId = Objects.requireNonNull(userId, "userId");
    }

    /** Notes a message typed here, so its echo is recognised. */
    synchronized void typed(String clientMessageId) {
        typed.add(clientMessageId);
    }

    /**
     * Sends a typed message with {@code send}, which returns its clientMessageId, and notes it: under this view's lock,
     * so that its echo, which the client's thread hands to this view, cannot come first.
     */
    synchronized String sendTyped(Supplier<String> send) {
        String clientMessageId = send.get();
        typed(clientMessageId);
        return clientMessageId;
    }

    /** Notes a change to the draft asked for here; {@code what} names it in its outcome. */
    synchronized void requested(String clientMessageId, String what) {
        requests.put(clientMessageId, what);
    }

    /** Sends a change to the draft with {@code send} and notes it, as {@link #sendTyped} does a message. */
    synchronized String sendRequest(Supplier<String> send, String what) {
        String clientMessageId = send.get();
        requested(clientMessageId, what);
        return clientMessageId;
    }

    /** A line was typed: on a terminal the cursor is on a new line, below the prompt, where it shows again. */
    synchronized void entered() {
        screen.entered();
    }

    /** How many typed messages the server refused or could not answer. */
    synchronized int failedMessages() {
        return failedMessages;
    }

    /** How many changes to the draft ({@code /edit}, {@code /revert}) the server refused. */
    synchronized int failedChanges() {
        return failedChanges;
    }

    /** {@code listener} is told (on the client's thread, briefly) whenever {@link #readyForChange} may have turned. */
    synchronized void onReadinessChange(Runnable listener) {
        this.readinessListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Whether a change to the draft made now would be made on the newest version and find the builder idle: joined,
     * status idle, and every change asked for here answered, with its {@code agent_updated} received.
     */
    synchronized boolean readyForChange() {
        return history.current() != null && "idle".equals(status) && requests.isEmpty() && acked.isEmpty();
    }

    /** The newest draft received, or null before the first join. */
    synchronized WireAgent draft() {
        return history.current();
    }

    synchronized void printAgent() {
        WireAgent draft = history.current();
        if (draft == null) {
            line("[agent] not known yet: not connected");
        } else {
            line(prettyJson(draft));
        }
        prompt();
    }

    /** The draft as indented JSON, with every field present (null when unset). */
    private static String prettyJson(WireAgent agent) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(agent);
    }

    /** Whether {@link #printHistory} lacks versions that the events received so far did not bring. */
    synchronized boolean historyIncomplete() {
        return history.incomplete();
    }

    /** Adds events read elsewhere (a one-shot connection from seq 0) to the history, without printing them. */
    synchronized void addHistory(List<ServerFrame.AgentUpdated> events) {
        events.forEach(history::updated);
    }

    /** The draft's versions, oldest first, one line each. */
    synchronized void printHistory() {
        WireAgent current = history.current();
        if (current == null) {
            line("[history] not known yet: not connected");
        } else if (current.version() == 0) {
            line("[history] the draft has no versions yet (v0, the empty draft, only)");
        } else {
            StringBuilder text = new StringBuilder("Versions of the draft (/revert N goes back to one; "
                    + "v0 is the empty draft):");
            for (DraftHistory.Version version : history.versions()) {
                text.append(System.lineSeparator()).append("  ").append(history.describe(version));
            }
            List<Long> missing = history.missing();
            if (!missing.isEmpty()) {
                List<String> names = missing.stream().limit(10).map(v -> "v" + v).toList();
                text.append(System.lineSeparator()).append("  (not received: ").append(String.join(", ", names))
                        .append(missing.size() > names.size() ? ", ... " + missing.size() + " in all" : "")
                        .append(")");
            }
            line(text.toString());
        }
        prompt();
    }

    /** Preview mode on or off: says so, and the prompt shows it. */
    synchronized void preview(boolean on) {
        screen.previewPrompt(on);
        if (on) {
            line("[preview] on: your messages go to " + agentLabel()
                    + " itself, not the builder; /preview again to go back");
        } else {
            line("[preview] off: your messages go to the builder again");
        }
        prompt();
    }

    synchronized void print(String text) {
        line(text);
        prompt();
    }

    /** An attempt to connect starts; {@code url} is the one connected to, with any token parameter masked. */
    synchronized void connecting(String url) {
        line("[connecting] " + url);
        prompt();
    }

    synchronized void connected(ServerFrame.Ready ready) {
        history.joined(ready.agent(), ready.reset());
        status = ready.status();
        line("[connected] thread " + ready.threadId() + " as " + ready.userId()
                + (ready.quota() == null ? "" : "; " + TokensToday.line(ready.quota()))
                + (ready.reset() ? " (the server's history restarted; showing it again)" : ""));
        prompt();
        readinessListener.run();
    }

    synchronized void frame(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message) {
            show(message.message());
        } else if (frame instanceof ServerFrame.AssistantDelta delta) {
            stream(delta);
        } else if (frame instanceof ServerFrame.AgentUpdated updated) {
            DraftHistory.Version version = history.updated(updated);
            lastDraftSeq = Math.max(lastDraftSeq, updated.seq());
            String ours = acked.remove(updated.seq());
            note("[agent] v" + updated.agent().version() + " by " + version.source() + ": "
                    + history.summary(updated.agent()) + (ours == null ? "" : " (your " + ours + ")"));
        } else if (frame instanceof ServerFrame.Ack ack) {
            String what = ack.clientMessageId() == null ? null : requests.remove(ack.clientMessageId());
            if (what != null && ack.duplicate()) {
                note("[agent] " + what + " was applied already (seq " + ack.seq() + ")");
            } else if (what != null && ack.seq() > lastDraftSeq) {
                // Usually the ack comes first, then the agent_updated with the same seq; not always.
                acked.put(ack.seq(), what);
            }
        } else if (frame instanceof ServerFrame.ErrorFrame error) {
            error(error);
        } else if (frame instanceof ServerFrame.Status state) {
            status = state.state();
        }
        prompt();
        if (!(frame instanceof ServerFrame.AssistantDelta)) {
            readinessListener.run();
        }
    }

    synchronized void disconnected(String why, Duration retryIn) {
        // Whatever the thread does meanwhile is heard again at the next join.
        status = null;
        line("[disconnected] " + why + "; reconnecting in " + Durations.format(retryIn));
        prompt();
    }

    /** A knowledge file of the agent is indexed, or could not be: said between replies, not inside one. */
    synchronized void fileStatus(WireFile file) {
        note("[file] " + FileTable.oneLine(file.name()) + ("ready".equals(file.status()) ? " is ready"
                : "failed".equals(file.status()) ? " failed: " + FileTable.oneLine(file.error())
                : ": " + file.status()));
    }

    synchronized void unanswered(String clientMessageId) {
        failedMessages++;
        line("[error] a message you sent got no reply: its turn failed while this chat was disconnected; "
                + "send it again");
        prompt();
        readinessListener.run();
    }

    /**
     * A request left the outbox unsent. The server's refusals were shown (and counted) from their error frame; the
     * client's own (too big for the server, outbox full) are shown here.
     */
    synchronized void refused(String clientMessageId, String why) {
        if (!counted.add(clientMessageId)) {
            return;
        }
        if (requests.remove(clientMessageId) != null) {
            failedChanges++;
        } else {
            failedMessages++;
        }
        line("[error] " + why);
        prompt();
        readinessListener.run();
    }

    synchronized void stopped(ConnectionStatus stop) {
        screen.end();
        if (stop.state() == ConnectionStatus.State.ERROR) {
            line("[error] " + stop.reason() + "; not reconnecting");
        }
    }

    private void error(ServerFrame.ErrorFrame error) {
        String id = error.clientMessageId();
        String what = id == null ? null : requests.remove(id);
        if (what == null) {
            if (id != null && typed.contains(id) && counted.add(id)) {
                failedMessages++;
            }
            line("[error] " + error.code() + ": " + (ErrorCodes.QUOTA_EXCEEDED.equals(error.code())
                    ? "your message was not sent: " + TokensToday.refusal(error.message(), error.quota())
                    : error.message()));
            return;
        }
        counted.add(id);
        failedChanges++;
        String hint = "";
        if (ErrorCodes.VERSION_CONFLICT.equals(error.code())) {
            WireAgent draft = history.current();
            Long now = error.currentVersion() != null ? error.currentVersion()
                    : draft != null ? Long.valueOf(draft.version()) : null;
            hint = "; the draft is at " + (now == null ? "a newer version" : "v" + now)
                    + " now (changed meanwhile): look at it with /agent and try again";
        } else if (ErrorCodes.BUSY.equals(error.code())) {
            hint = "; try again once the reply is done";
        }
        line("[error] " + what + ": " + error.code() + ": " + error.message() + hint);
    }

    private void show(WireMessage m) {
        if (m == null) {
            return;
        }
        boolean previewChannel = "preview".equals(m.channel());
        if ("assistant".equals(m.role())) {
            String stopped = Boolean.TRUE.equals(m.stopped()) ? " [stopped]" : "";
            if (!screen.endReply(m.id(), stopped)) {
                line(speaker(previewChannel) + "> " + m.content() + stopped);
            }
            Sources.lines(m.citations()).forEach(this::line);
            return;
        }
        if (m.clientMessageId() != null && typed.contains(m.clientMessageId())) {
            return;
        }
        String who = userId.equals(m.userId()) ? "you" : m.userId();
        line(who + (previewChannel ? " (preview)" : "") + "> " + m.content());
    }

    private void stream(ServerFrame.AssistantDelta delta) {
        if (delta.messageId() == null) {
            return;
        }
        screen.delta(delta.messageId(), speaker("preview".equals(delta.channel())), delta.delta());
    }

    /** Who speaks in a reply: the builder, or in the preview the agent being built, by its name. */
    private String speaker(boolean previewChannel) {
        return previewChannel ? agentLabel() + " (preview)" : "builder";
    }

    private String agentLabel() {
        WireAgent draft = history.current();
        return draft == null || draft.name() == null || draft.name().isBlank() ? "the agent" : draft.name();
    }

    private void line(String text) {
        screen.line(text);
    }

    /** A line that does not cut a streaming reply in two: printed after it, or now when nothing streams. */
    synchronized void note(String text) {
        screen.note(text);
    }

    private void prompt() {
        screen.prompt();
    }
}
