package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The requests a client owes the server and the replies it waits for. A user message or a change to the draft stays
 * here (as its encoded frame) until the server acks it, refuses it, or a stored {@code message} carrying its
 * clientMessageId arrives; a message then waits for the reply that answers it, a change to the draft is done. Frames
 * update it through {@link #track}.
 *
 * <p>Not thread-safe: confined to the client's thread.
 */
final class Outbox {

    /** A refusal of a request still in the outbox, by the server's {@code error} frame naming it. */
    record Refusal(String clientMessageId, String code, String message) {
    }

    /** An unacked request: its encoded frame, and whether it is a user message (which a reply answers). */
    private record Pending(String frame, boolean message) {
    }

    /** A stored message of ours waiting for its reply; {@code beforeJoin} when it was stored before the last join. */
    private static final class Awaited {
        final String clientMessageId;
        final long seq;
        boolean beforeJoin;

        Awaited(String clientMessageId, long seq) {
            this.clientMessageId = clientMessageId;
            this.seq = seq;
        }
    }

    private final int limit;
    /** Requests not yet acked or refused, by clientMessageId, in the order made. */
    private final Map<String, Pending> unacked = new LinkedHashMap<>();
    /** Unacked requests sent on the current connection. */
    private final Set<String> sentOnConnection = new HashSet<>();
    /** Stored messages of ours waiting for their reply, by messageId. */
    private final Map<String, Awaited> awaitingReply = new LinkedHashMap<>();
    /** Ids of user messages seen answered, so a late (duplicate) ack finds its reply already there. */
    private final Set<String> answered = new HashSet<>();
    private final List<CompletableFuture<Void>> settledWaiters = new ArrayList<>();

    /** @param limit how many unacked requests it holds; more are refused */
    Outbox(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the outbox must hold at least 1 request: " + limit);
        }
        this.limit = limit;
    }

    boolean isFull() {
        return unacked.size() >= limit;
    }

    boolean contains(String clientMessageId) {
        return unacked.containsKey(clientMessageId);
    }

    /** Keeps {@code frame}, the encoded request with this clientMessageId, until it is acked or refused. */
    void add(String clientMessageId, String frame, boolean message) {
        unacked.put(clientMessageId, new Pending(frame, message));
    }

    /** The unacked frames (clientMessageId to encoded frame) in the order made, to (re)send after a join. */
    Map<String, String> unacked() {
        Map<String, String> frames = new LinkedHashMap<>();
        unacked.forEach((id, pending) -> frames.put(id, pending.frame()));
        return Collections.unmodifiableMap(frames);
    }

    void sent(String clientMessageId) {
        sentOnConnection.add(clientMessageId);
    }

    void newConnection() {
        sentOnConnection.clear();
    }

    /** A join: the messages stored before it and not yet answered may have failed while the client was away. */
    void joined() {
        awaitingReply.values().forEach(a -> a.beforeJoin = true);
    }

    /**
     * The thread was idle after the join: a message stored before it that still has no reply will get none (its turn
     * failed while the client was away, and failures are not replayed). Returns their clientMessageIds.
     */
    List<String> giveUpFromBeforeJoin() {
        return giveUp(a -> a.beforeJoin);
    }

    /**
     * A later user message (seq {@code answeredSeq}) has its reply: turns run in the order messages were stored, so an
     * earlier message of ours without a reply will get none. Returns their clientMessageIds.
     */
    List<String> giveUpStoredBefore(long answeredSeq) {
        return giveUp(a -> a.seq < answeredSeq);
    }

    private List<String> giveUp(java.util.function.Predicate<Awaited> which) {
        List<String> given = new ArrayList<>();
        for (Iterator<Awaited> it = awaitingReply.values().iterator(); it.hasNext(); ) {
            Awaited awaited = it.next();
            if (which.test(awaited)) {
                it.remove();
                given.add(awaited.clientMessageId);
            }
        }
        completeIfSettled();
        return given;
    }

    /** Notes acks, stored messages, replies and errors that name one of our requests; returns the refusals. */
    List<Refusal> track(ServerFrame frame) {
        List<Refusal> refusals = List.of();
        if (frame instanceof ServerFrame.Message message && message.message() != null) {
            stored(message.seq(), message.message());
        } else if (frame instanceof ServerFrame.Ack ack && ack.clientMessageId() != null) {
            Pending pending = unacked.remove(ack.clientMessageId());
            // A change to the draft is acked without a messageId: it has no reply to wait for.
            if (pending != null && ack.messageId() != null) {
                await(ack.messageId(), ack.clientMessageId(), ack.seq());
            }
        } else if (frame instanceof ServerFrame.ErrorFrame error && error.clientMessageId() != null) {
            // Refused before it was stored: it is not sent again. Or its turn failed: no reply will come.
            if (unacked.remove(error.clientMessageId()) != null) {
                refusals = List.of(new Refusal(error.clientMessageId(), error.code(), error.message()));
            }
            awaitingReply.values().removeIf(a -> a.clientMessageId.equals(error.clientMessageId()));
        }
        completeIfSettled();
        return refusals;
    }

    private void stored(long seq, WireMessage m) {
        if ("assistant".equals(m.role()) && m.replyTo() != null) {
            answered.add(m.replyTo());
            awaitingReply.remove(m.replyTo());
        } else if ("user".equals(m.role()) && m.clientMessageId() != null && m.id() != null) {
            // Stored, whether or not its ack reaches us (the connection may drop in between).
            Pending pending = unacked.remove(m.clientMessageId());
            if (pending != null && pending.message()) {
                await(m.id(), m.clientMessageId(), seq);
            }
        }
    }

    private void await(String messageId, String clientMessageId, long seq) {
        if (!answered.contains(messageId)) {
            awaitingReply.put(messageId, new Awaited(clientMessageId, seq));
        }
    }

    /**
     * Gives up the biggest unacked request sent on the current connection (after a 1009 close it is the likely cause,
     * and resending it would loop); returns it as a refusal ({@code message_too_long}), or null when none was sent.
     */
    Refusal dropLargestSent() {
        String largest = null;
        for (String id : sentOnConnection) {
            Pending pending = unacked.get(id);
            if (pending != null
                    && (largest == null || pending.frame().length() > unacked.get(largest).frame().length())) {
                largest = id;
            }
        }
        if (largest == null) {
            return null;
        }
        unacked.remove(largest);
        completeIfSettled();
        return new Refusal(largest, ErrorCodes.MESSAGE_TOO_LONG,
                "the server found the message too big; it is not sent again");
    }

    /** Completes {@code settled} once nothing is unacked or unanswered (at once if so now). */
    void whenSettled(CompletableFuture<Void> settled) {
        settledWaiters.add(settled);
        completeIfSettled();
    }

    /** Fails whoever waits for settlement: the client is closed, nothing will settle any more. */
    void abandonWaiters(RuntimeException why) {
        List<CompletableFuture<Void>> waiters = List.copyOf(settledWaiters);
        settledWaiters.clear();
        waiters.forEach(w -> w.completeExceptionally(why));
    }

    private void completeIfSettled() {
        if (unacked.isEmpty() && awaitingReply.isEmpty() && !settledWaiters.isEmpty()) {
            List<CompletableFuture<Void>> waiters = List.copyOf(settledWaiters);
            settledWaiters.clear();
            waiters.forEach(w -> w.complete(null));
        }
    }
}
