package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.protocol.ServerFrame;
import dev.agentbuilder.chat.protocol.WireFile;

/**
 * What a {@link ChatClient} reports. Every method has an empty default: implement those you need.
 *
 * <p>Threading: every call comes from the client's own thread ({@code chat-client-N}), one at a time and in the order
 * things happened, so an implementation needs no locking for state only these calls touch. Calls must not block for
 * long: the client does nothing else meanwhile (no frames are read, no timers fire). A listener that throws is logged
 * and skipped; the client and the other listeners go on.
 *
 * <p>Order at a join: {@link #onStatus} ({@code CONNECTED}), then {@link #onReset} if the server's thread restarted,
 * then {@link #onReady} (then {@link #onQuota} from a server with a daily token budget), then the replay of what was
 * missed as {@link #onFrame} calls, then live frames.
 */
public interface ChatClientListener {

    /** The connection's status changed; {@link ChatClient#status()} returns it from now on. */
    default void onStatus(ConnectionStatus status) {
    }

    /**
     * The server accepted the join: the thread's draft, its highest seq, whether a turn runs, and what the server
     * accepts ({@code limits}; null from a server that predates them). Requests waiting in the outbox are sent right
     * after this call; from now on a message is checked against the server's {@code limits.messageChars}.
     */
    default void onReady(ServerFrame.Ready ready) {
    }

    /**
     * The server's thread is older than what the client knew ({@code ready} with {@code reset: true}): forget the
     * thread's events received so far; the replay from seq 1 follows. {@link ChatClient#lastSeq()} is 0 again.
     */
    default void onReset() {
    }

    /**
     * A frame of the current connection other than {@code ready}, as decoded. Stored events ({@code message},
     * {@code agent_updated}) arrive once each and in seq order, with no gap; live frames ({@code assistant_delta},
     * {@code status}, {@code ack}, {@code error}, ...) as received. An {@code error} the server sent before closing
     * the connection arrives too, before the status it leads to.
     *
     * <p>Knowledge citations come in these frames: a preview reply's {@link ServerFrame.Message#message()} has
     * {@code citations()} (null when it was not answered from the agent's files), and so does the first
     * {@link ServerFrame.AssistantDelta} of its stream, so that the sources can be shown while the answer streams.
     */
    default void onFrame(ServerFrame frame) {
    }

    /**
     * A knowledge file of the agent moved to a further status: {@code ready} or {@code failed} (with its
     * {@code error}) after {@code indexing}, or a file first heard of in a {@code file_status}. Called after
     * {@link #onFrame} for a {@code file_status} frame that says something new (a repeat, or an {@code indexing} after
     * {@code ready}, is not), and after {@link #onReady} for each file whose {@code file_status} was missed while the
     * client was away ({@code ready}'s agent carries the statuses as they are now). The furthest status of each file
     * wins: an {@code agent} object in a replayed {@code agent_updated} may still say {@code indexing} for a file that
     * is ready; this is never called for that.
     *
     * @param file the whole file object, as the server sent it
     */
    default void onFileStatus(WireFile file) {
    }

    /**
     * The user's tokens today against the server's daily token budget changed; {@link ChatClient#quota()} returns it
     * from now on. Called after {@link #onReady} when the {@code ready} carries a quota (a server with a budget, one
     * that differs from the last known), after {@link #onFrame} for each reply stored since the join (its usage,
     * input plus output, is added to {@code used}), and, when the server refuses a message because the budget is
     * spent, after {@link #onFrame} for its {@code quota_exceeded} error and before {@link #onRefused} for the
     * message, with the server's count. With null when a join finds the server without a budget after it had one.
     *
     * @param quota the tokens used today, the daily budget, and when it renews; null without a budget
     */
    default void onQuota(TokenQuota quota) {
    }

    /**
     * A request ({@link ChatClient#send}, {@link ChatClient#preview}, {@link ChatClient#updateAgent},
     * {@link ChatClient#revertAgent}) left the outbox without being stored, and is not sent again: the server refused
     * it ({@code busy}, {@code version_conflict}, {@code quota_exceeded} when the user's tokens for the day are spent,
     * whose quota arrived at {@link #onQuota} just before, ... : its {@code error} frame arrived through
     * {@link #onFrame} before), or the client did: {@code outbox_full}, {@code message_too_long} (over the client's limit, or the
     * server closed the connection with 1009 after it was sent), {@code duplicate_id}.
     *
     * @param code    an error code of the protocol, or one of the client's own above
     * @param message for people
     */
    default void onRefused(String clientMessageId, String code, String message) {
    }

    /**
     * A message the server stored will get no reply: its turn failed while the client was away, and failures are not
     * replayed. Reported once the client has caught up and the thread is idle: a live {@code status idle}, a reply to a
     * later message (turns run in order), or, after a join that found the thread idle, no turn started within the
     * pong timeout (a restarted server answers the turns it interrupted right after the join). A turn that fails while
     * connected arrives as an {@code error} frame instead, with code {@code agent_error} and the message's
     * clientMessageId.
     */
    default void onUnanswered(String clientMessageId) {
    }

    /**
     * A frame the codec could not read ({@code invalid_json}, {@code invalid_message}) was skipped. For debugging:
     * nothing is thrown, and the client goes on. Frames of unknown types are skipped without a call.
     *
     * @param text    the frame as received
     * @param problem what the codec found wrong
     */
    default void onUndecodable(String text, String problem) {
    }

    /**
     * The client stopped: refused for good ({@code ERROR}), closed by the app, or, when it does not reconnect, its
     * connection ended ({@code DISCONNECTED}). No more calls follow until {@link ChatClient#connect()} is called
     * again.
     *
     * @param status the last status, also the value of {@link ChatClient#whenStopped()}
     */
    default void onStopped(ConnectionStatus status) {
    }
}
