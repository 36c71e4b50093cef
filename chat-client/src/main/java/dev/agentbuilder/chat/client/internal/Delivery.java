package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread as the client knows it, across connections, and the frames of a joined connection: it delivers each
 * stored event to the app once and in seq order (and asks for a new connection on a gap), keeps {@code lastSeq},
 * where the next connection resumes, and the requests the client owes the server (the {@link Outbox}, the
 * {@link CancelIntent}, the {@link Exports}), and judges which messages will go unanswered. The
 * {@link ReconnectingSession} tells it when a connection opens, joins and ends.
 *
 * <p>Confined to the client's thread.
 */
final class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    /** The current connection, as the delivery uses it. */
    interface Link {
        /** Sends an encoded frame on it, after those sent before. */
        void send(String frame);

        /** Stored events went missing on it: drop it and resume after {@code lastSeq} at once. */
        void gap(String reason);
    }

    private final Listeners listeners;
    private final Outbox outbox;
    /** The builder's limit until a {@code ready} says the server's. */
    private int maxMessageChars;
    private final int outboxLimit;
    private final LongConsumer lastSeqChanged;
    private final CancelIntent cancel = new CancelIntent();
    private final Exports exports = new Exports();
    /** The highest seq of a stored event delivered. */
    private long lastSeq;

    // ---- the current connection: reset by connecting()
    private Link link;
    private boolean joined;
    /** The thread's highest seq at the join: the replay has caught up once {@link #lastSeq} reaches it. */
    private long joinedAtSeq;
    private boolean caughtUp;
    /** Whether the thread was thinking as last heard (at the join, or a live status since). */
    private boolean thinking;
    /** The last error frame that named no request: the server's words for a close that follows. */
    private String connectionError;
    private boolean cancelSent;

    Delivery(Listeners listeners, Settings settings, LongConsumer lastSeqChanged) {
        this.listeners = listeners;
        this.outbox = new Outbox(settings.outboxLimit());
        this.maxMessageChars = settings.maxMessageChars();
        this.outboxLimit = settings.outboxLimit();
        this.lastSeqChanged = lastSeqChanged;
        setLastSeq(settings.resumeFrom());
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The server's words before a close, as {@code code: message}, or null. */
    String connectionError() {
        return connectionError;
    }

    /** A connection is opening; frames are sent on it once it has joined. */
    void connecting(Link opening) {
        link = opening;
        joined = false;
        caughtUp = false;
        thinking = false;
        connectionError = null;
        cancelSent = false;
        outbox.newConnection();
    }

    /** The connection joined: the app hears of it, then what waits in the outbox is (re)sent. */
    void joined(ServerFrame.Ready ready) {
        joined = true;
        if (ready.reset()) {
            // The server has less than we claimed, and replays from the start.
            setLastSeq(0);
            cancel.reset();
        }
        joinedAtSeq = ready.lastSeq();
        thinking = "thinking".equals(ready.status());
        if (ready.limits() != null) {
            maxMessageChars = ready.limits().messageChars();
        }
        outbox.joined();
        if (ready.reset()) {
            listeners.onReset();
        }
        listeners.onReady(ready);
        outbox.unacked().forEach(this::sendFromOutbox);
        checkCaughtUp();
    }

    /** The connection ended: nothing more is sent on it, and what it owed will not come. */
    void ended(String why) {
        link = null;
        joined = false;
        exports.failAll(why);
    }

    /** The client is closed: whoever still waits will not be answered. */
    void closed() {
        IllegalStateException why = new IllegalStateException("the client was closed");
        outbox.abandonWaiters(why);
        exports.failAll(why.getMessage());
    }

    // ---- frames

    /** A frame other than {@code ready} from the current connection. */
    void received(ServerFrame frame) {
        long seq = frame instanceof ServerFrame.Message m ? m.seq()
                : frame instanceof ServerFrame.AgentUpdated u ? u.seq() : -1;
        if (seq >= 0) {
            if (seq <= lastSeq) {
                log.debug("dropping seq {}: delivered already", seq);
                return;
            }
            if (seq > lastSeq + 1) {
                log.debug("a gap: seq {} after {}", seq, lastSeq);
                link.gap("events " + (lastSeq + 1) + " to " + (seq - 1) + " did not arrive; resuming after "
                        + lastSeq);
                return;
            }
            setLastSeq(seq);
        }
        listeners.onFrame(frame);
        // After the listeners, so that whoever awaits settlement has seen the reply too.
        track(frame);
        checkCaughtUp();
    }

    private void track(ServerFrame frame) {
        for (Outbox.Refusal refusal : outbox.track(frame)) {
            listeners.onRefused(refusal.clientMessageId(), refusal.code(), refusal.message());
        }
        if (frame instanceof ServerFrame.Message message && message.message() != null) {
            String replyTo = message.message().replyTo();
            Long answeredSeq = replyTo == null ? null : cancel.seqOf(replyTo);
            cancel.stored(message.seq(), message.message());
            if (answeredSeq != null) {
                unanswered(outbox.giveUpStoredBefore(answeredSeq));
            }
        } else if (frame instanceof ServerFrame.Status state) {
            thinking = "thinking".equals(state.state());
            if (thinking) {
                cancelAgainIfMeant();
            } else {
                // Live, so after the replay: no turn runs and none waits.
                unanswered(outbox.giveUpFromBeforeJoin());
                cancel.idle();
            }
        } else if (frame instanceof ServerFrame.ErrorFrame error && error.clientMessageId() == null
                && !ErrorCodes.AGENT_ERROR.equals(error.code())) {
            connectionError = error.code() + ": " + error.message();
        } else if (frame instanceof ServerFrame.AgentExport export) {
            exports.answered(export);
        }
    }

    private void checkCaughtUp() {
        if (!joined || caughtUp || lastSeq < joinedAtSeq) {
            return;
        }
        caughtUp = true;
        if (thinking) {
            cancelAgainIfMeant();
        } else {
            // The join found the thread idle: no turn runs or waits (a thread reopened after a crash says thinking
            // while the turns it interrupted wait). A message of ours stored before the join and still unanswered
            // failed while we were away: a failure is not replayed, and nothing else will say so.
            unanswered(outbox.giveUpFromBeforeJoin());
        }
    }

    private void cancelAgainIfMeant() {
        if (caughtUp && thinking && !cancelSent && cancel.shouldSendAgain()) {
            log.debug("the thread is thinking on the turn a cancel meant: cancelling again");
            send(new ClientFrame.Cancel());
            cancelSent = true;
        }
    }

    private void unanswered(List<String> clientMessageIds) {
        clientMessageIds.forEach(listeners::onUnanswered);
    }

    // ---- requests

    void request(String clientMessageId, String frame, boolean message, int length) {
        if (message && length > maxMessageChars) {
            // The server would refuse it after every reconnect.
            listeners.onRefused(clientMessageId, ErrorCodes.MESSAGE_TOO_LONG, "the message has " + length
                    + " characters; at most " + maxMessageChars + " are sent");
        } else if (outbox.contains(clientMessageId)) {
            listeners.onRefused(clientMessageId, "duplicate_id",
                    "a request with this clientMessageId is in the outbox already");
        } else if (outbox.isFull()) {
            listeners.onRefused(clientMessageId, "outbox_full", "the outbox holds " + outboxLimit
                    + " requests the server has not acknowledged; this one was not queued");
        } else {
            outbox.add(clientMessageId, frame, message);
            if (joined) {
                sendFromOutbox(clientMessageId, frame);
            }
        }
    }

    /** The app asked to cancel: now if joined, and again on a later connection if that turn still runs then. */
    void cancel() {
        cancel.request();
        if (joined) {
            send(new ClientFrame.Cancel());
            cancelSent = true;
        }
    }

    void export(String frame, CompletableFuture<ServerFrame.AgentExport> answer, String notConnected) {
        if (!joined) {
            answer.completeExceptionally(new IllegalStateException(notConnected));
            return;
        }
        exports.add(answer);
        link.send(frame);
    }

    void whenSettled(CompletableFuture<Void> settled) {
        outbox.whenSettled(settled);
    }

    /** The server closed with 1009: the request that was too big is given up, or it would be sent forever. */
    void tooBig() {
        Outbox.Refusal dropped = outbox.dropLargestSent();
        if (dropped != null) {
            listeners.onRefused(dropped.clientMessageId(), dropped.code(), dropped.message());
        }
    }

    /** A {@code ping} for the heartbeat. */
    void ping() {
        send(new ClientFrame.Ping());
    }

    private void sendFromOutbox(String clientMessageId, String frame) {
        link.send(frame);
        outbox.sent(clientMessageId);
    }

    private void send(ClientFrame frame) {
        link.send(ProtocolCodec.encode(frame));
    }

    private void setLastSeq(long seq) {
        lastSeq = seq;
        lastSeqChanged.accept(seq);
    }
}
