package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import dev.agentbuilder.chat.protocol.WireQuota;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Follows the frames of one connection to find the reply to one user message (by its clientMessageId), including
 * which stream of deltas is that reply's. No I/O: {@link #onFrame} says what each frame means for the caller.
 *
 * <p>Deltas carry only the reply's own id, not the message it answers, so the stream is recognised by order: the
 * server runs turns one at a time in the order the user messages were stored, so the first stream that starts after
 * our ack, when no earlier user message is still waiting for its turn, is ours. When that cannot be told (for example
 * an older message whose turn failed while we were away), nothing is streamed and the reply is shown whole at the
 * end.
 *
 * <p>Not thread-safe: confined to the command's thread.
 */
final class ReplyWatcher {

    /** What a frame meant. */
    sealed interface Step {
    }

    /** Nothing to show yet. */
    record Waiting() implements Step {
    }

    /** The next piece of our reply. */
    record Delta(String text) implements Step {
    }

    /** Our reply; {@code streamed} when every piece of it was returned as a {@link Delta} before. */
    record Answered(WireMessage reply, boolean streamed) implements Step {
    }

    /**
     * The server refused our message, or its turn failed; {@code quota}, with {@code quota_exceeded}, the tokens used
     * today, the budget and when it renews (else null).
     */
    record Failed(String code, String message, WireQuota quota) implements Step {
    }

    private static final Step WAITING = new Waiting();

    private final String clientMessageId;
    private ServerFrame.Ready ready;
    /** Our message's id and seq, once acked. */
    private String messageId;
    private long seq;
    /** Every reply seen, by the id of the user message it answers. */
    private final Map<String, WireMessage> replies = new HashMap<>();
    /** User messages that may still be waiting for their turn: id to seq. */
    private final Map<String, Long> queued = new HashMap<>();
    private final Map<String, String> idsByClientMessageId = new HashMap<>();
    /** The id of the reply stream that is ours, once recognised. */
    private String stream;
    private final Set<String> otherStreams = new HashSet<>();
    /** The last error that named no message, for explaining a refusal close. */
    private String connectionError;

    ReplyWatcher(String clientMessageId) {
        this.clientMessageId = Objects.requireNonNull(clientMessageId, "clientMessageId");
    }

    Step onFrame(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ready r) {
            ready = r;
        } else if (frame instanceof ServerFrame.Message m) {
            return onMessage(m);
        } else if (frame instanceof ServerFrame.Ack a) {
            return onAck(a);
        } else if (frame instanceof ServerFrame.AssistantDelta d) {
            return onDelta(d);
        } else if (frame instanceof ServerFrame.ErrorFrame e) {
            return onError(e);
        } else if (frame instanceof ServerFrame.Status s && "idle".equals(s.state())) {
            // Idle means no turn runs and none waits.
            queued.clear();
        }
        return WAITING;
    }

    /** Whether the server has stored our message (its ack arrived). */
    boolean acked() {
        return messageId != null;
    }

    /** The last error frame that named no message, as {@code code: message}, or null. */
    String connectionError() {
        return connectionError;
    }

    private Step onMessage(ServerFrame.Message frame) {
        WireMessage m = frame.message();
        if (m == null) {
            return WAITING;
        }
        if ("user".equals(m.role())) {
            if (m.clientMessageId() != null) {
                idsByClientMessageId.put(m.clientMessageId(), m.id());
            }
            boolean replayed = ready != null && frame.seq() <= ready.lastSeq();
            // A replayed message can only still be waiting when a turn was running at join.
            if (!replayed || "thinking".equals(ready.status())) {
                queued.put(m.id(), frame.seq());
            }
            return WAITING;
        }
        if (m.replyTo() == null) {
            return WAITING;
        }
        queued.remove(m.replyTo());
        replies.put(m.replyTo(), m);
        if (m.replyTo().equals(messageId)) {
            return new Answered(m, m.id().equals(stream));
        }
        return WAITING;
    }

    private Step onAck(ServerFrame.Ack ack) {
        if (!clientMessageId.equals(ack.clientMessageId())) {
            return WAITING;
        }
        messageId = ack.messageId();
        seq = ack.seq();
        WireMessage reply = replies.get(messageId);
        return reply == null ? WAITING : new Answered(reply, false);
    }

    private Step onDelta(ServerFrame.AssistantDelta delta) {
        String id = delta.messageId();
        if (id == null) {
            return WAITING;
        }
        if (id.equals(stream)) {
            return new Delta(delta.delta());
        }
        if (stream == null && messageId != null && !replies.containsKey(messageId) && !otherStreams.contains(id)
                && noEarlierMessageWaits()) {
            stream = id;
            return new Delta(delta.delta());
        }
        otherStreams.add(id);
        return WAITING;
    }

    private boolean noEarlierMessageWaits() {
        return queued.entrySet().stream().noneMatch(e -> e.getValue() < seq && !e.getKey().equals(messageId));
    }

    private Step onError(ServerFrame.ErrorFrame error) {
        if (clientMessageId.equals(error.clientMessageId())) {
            return new Failed(error.code(), error.message(), error.quota());
        }
        if (error.clientMessageId() == null) {
            if (ready != null && messageId == null) {
                // Sent after ready and not stored: an error naming no message can only be about ours.
                return new Failed(error.code(), error.message(), error.quota());
            }
            connectionError = error.code() + ": " + error.message();
        } else {
            String failed = idsByClientMessageId.get(error.clientMessageId());
            if (failed != null) {
                queued.remove(failed);
            }
        }
        return WAITING;
    }
}
