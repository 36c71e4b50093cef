package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The requests a {@link ReconnectingSession} owes the server and the replies it waits for: a typed message, or a
 * change to the draft, stays here (as its encoded frame) until the server acks it (or refuses it); a message then
 * waits for the reply that answers it, a change to the draft is done. Frames update it through {@link #track}.
 *
 * <p>Not thread-safe: confined to the session's thread.
 */
final class Outbox {

    /** Encoded frames not yet acked or refused, by clientMessageId, in the order typed. */
    private final Map<String, String> unacked = new LinkedHashMap<>();
    /** Unacked frames sent on the current connection. */
    private final Set<String> sentOnConnection = new HashSet<>();
    /** Acked messages waiting for their reply: messageId to clientMessageId. */
    private final Map<String, String> awaitingReply = new HashMap<>();
    /** Ids of user messages seen answered, so a late (duplicate) ack finds its reply already there. */
    private final Set<String> answered = new HashSet<>();
    private final List<CompletableFuture<Void>> settledWaiters = new ArrayList<>();
    /** Messages acked before the current connection's join and still unanswered then: messageIds. */
    private final Set<String> unansweredAtJoin = new HashSet<>();

    /** Keeps {@code frame}, the encoded request with this clientMessageId, until it is acked or refused. */
    void add(String clientMessageId, String frame) {
        unacked.put(clientMessageId, frame);
    }

    /** The unacked frames (clientMessageId to encoded frame) in the order typed, to (re)send after a join. */
    Map<String, String> unacked() {
        return Collections.unmodifiableMap(unacked);
    }

    void sent(String clientMessageId) {
        sentOnConnection.add(clientMessageId);
    }

    void newConnection() {
        sentOnConnection.clear();
    }

    /** A join: the messages acked before it and not yet answered are noted, for {@link #giveUpUnanswered}. */
    void joined() {
        unansweredAtJoin.clear();
        unansweredAtJoin.addAll(awaitingReply.keySet());
    }

    /**
     * The thread has caught up and is idle: a message acked before the join that still has no reply will get none.
     * Its turn failed while this client was away, and a failure is not replayed. Returns their clientMessageIds.
     */
    List<String> giveUpUnanswered() {
        List<String> given = new ArrayList<>();
        for (String messageId : unansweredAtJoin) {
            String clientMessageId = awaitingReply.remove(messageId);
            if (clientMessageId != null) {
                given.add(clientMessageId);
            }
        }
        unansweredAtJoin.clear();
        completeIfSettled();
        return given;
    }

    /** Notes acks, replies and errors that name one of our messages. */
    void track(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message message) {
            WireMessage m = message.message();
            if (m != null && "assistant".equals(m.role()) && m.replyTo() != null) {
                answered.add(m.replyTo());
                awaitingReply.remove(m.replyTo());
            }
        } else if (frame instanceof ServerFrame.Ack ack) {
            // A change to the draft is acked without a messageId: it has no reply to wait for.
            if (ack.clientMessageId() != null && unacked.remove(ack.clientMessageId()) != null
                    && ack.messageId() != null && !answered.contains(ack.messageId())) {
                awaitingReply.put(ack.messageId(), ack.clientMessageId());
            }
        } else if (frame instanceof ServerFrame.ErrorFrame error && error.clientMessageId() != null) {
            // Refused before it was stored, or its turn failed: either way it is not sent again.
            unacked.remove(error.clientMessageId());
            awaitingReply.values().remove(error.clientMessageId());
        }
        completeIfSettled();
    }

    /**
     * Gives up the biggest unacked frame sent on the current connection (after a 1009 close it is the likely
     * cause, and resending it would loop); returns its clientMessageId, or null when there is none.
     */
    String dropLargestSent() {
        String largest = null;
        for (String id : sentOnConnection) {
            String frame = unacked.get(id);
            if (frame != null && (largest == null || frame.length() > unacked.get(largest).length())) {
                largest = id;
            }
        }
        if (largest != null) {
            unacked.remove(largest);
            completeIfSettled();
        }
        return largest;
    }

    /** Completes {@code settled} once nothing is unacked or unanswered (at once if so now). */
    void whenSettled(CompletableFuture<Void> settled) {
        settledWaiters.add(settled);
        completeIfSettled();
    }

    private void completeIfSettled() {
        if (unacked.isEmpty() && awaitingReply.isEmpty() && !settledWaiters.isEmpty()) {
            List<CompletableFuture<Void>> waiters = List.copyOf(settledWaiters);
            settledWaiters.clear();
            waiters.forEach(w -> w.complete(null));
        }
    }
}
