package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.WireMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@code cancel} that survives a reconnect. {@link #request} remembers which turn the app meant: the oldest user
 * message (any channel, any sender) without a reply yet, as far as the delivered events tell. Until that turn is over
 * (a reply to it, a reply to a later message, or a live {@code status idle}), the intent stands, and
 * {@link #shouldSendAgain} says whether a new connection that finds the thread thinking should send {@code cancel}
 * again.
 *
 * <p>Turns run in the order their messages were stored, so a reply to a message also ends every earlier message's
 * turn: such a message was answered or failed, and is dropped here.
 *
 * <p>Confined to the client's thread.
 */
final class CancelIntent {

    /** The user messages delivered without a reply: seq to id. */
    private final NavigableMap<Long, String> unanswered = new TreeMap<>();
    /** The seqs of the user messages delivered, by id: what a reply answers. Kept while unanswered. */
    private final Map<String, Long> seqs = new HashMap<>();
    /** The id of the user message whose turn the app wants stopped, or null. */
    private String target;

    /** A stored message was delivered. */
    void stored(long seq, WireMessage message) {
        if ("user".equals(message.role()) && message.id() != null) {
            unanswered.put(seq, message.id());
            seqs.put(message.id(), seq);
        } else if ("assistant".equals(message.role()) && message.replyTo() != null) {
            Long answered = seqs.get(message.replyTo());
            if (answered != null) {
                // This turn and every earlier one are over.
                unanswered.headMap(answered, true).values().forEach(seqs::remove);
                unanswered.headMap(answered, true).clear();
            }
            if (target != null && !seqs.containsKey(target)) {
                target = null;
            }
        }
    }

    /** The seq of a delivered user message still without a reply, or null. */
    Long seqOf(String messageId) {
        return seqs.get(messageId);
    }

    /** A live {@code status idle}: no turn runs and none waits. */
    void idle() {
        unanswered.clear();
        seqs.clear();
        target = null;
    }

    /** The server's thread restarted ({@code ready.reset}): what was delivered is gone. */
    void reset() {
        idle();
    }

    /** The app asked to cancel: remember the turn it meant, if one is known to be waiting or running. */
    void request() {
        target = unanswered.isEmpty() ? null : unanswered.firstEntry().getValue();
    }

    /** The thread is thinking: whether its turn may be the one the app meant, so {@code cancel} should go again. */
    boolean shouldSendAgain() {
        return target != null && seqs.containsKey(target);
    }
}
