package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.client.TokenQuota;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.ErrorCodes;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread as the client knows it, across connections, and the frames of a joined connection: it delivers each
 * stored event to the app once and in seq order (and asks for a new connection on a gap), keeps {@code lastSeq},
 * where the next connection resumes, and the requests the client owes the server (the {@link Outbox}, the
 * {@link CancelIntent}, the {@link Exports}), and judges which messages will go unanswered. It keeps the user's
 * {@link QuotaCount} too. The
 * {@link ReconnectingSession} tells it when a connection opens and ends; it says when one joined: at its {@code ready}.
 *
 * <p>Confined to the client's thread.
 */
final class Delivery implements Traffic {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final Listeners listeners;
    private final Outbox outbox;
    /** The builder's limit until a {@code ready} says the server's. */
    private int maxMessageChars;
    private final int outboxLimit;
    private final LongConsumer lastSeqChanged;
    private final QuotaCount quota = new QuotaCount(Clock.systemUTC());
    private final Consumer<TokenQuota> quotaChanged;
    private final CancelIntent cancel = new CancelIntent();
    private final Exports exports = new Exports();
    private final FileStatuses files = new FileStatuses();
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
    private boolean cancelSent;

    Delivery(Listeners listeners, ThreadSettings settings, LongConsumer lastSeqChanged,
            Consumer<TokenQuota> quotaChanged) {
        this.listeners = listeners;
        this.outbox = new Outbox(settings.outboxLimit());
        this.maxMessageChars = settings.maxMessageChars();
        this.outboxLimit = settings.outboxLimit();
        this.lastSeqChanged = lastSeqChanged;
        this.quotaChanged = quotaChanged;
        setLastSeq(settings.resumeFrom());
    }

    long lastSeq() {
        return lastSeq;
    }

    @Override
    public URI uri(Endpoint endpoint) {
        return endpoint.uri(lastSeq);
    }

    @Override
    public String notJoined() {
        return "no ready from the server";
    }

    @Override
    public void connecting(Link opening) {
        link = opening;
        joined = false;
        caughtUp = false;
        thinking = false;
        cancelSent = false;
        outbox.newConnection();
    }

    @Override
    public void opened() {
        // A thread's connection joins at its ready.
    }

    /** The connection joined: the app hears of it, then what waits in the outbox is (re)sent. */
    private void joined(ServerFrame.Ready ready) {
        if (!link.join("connected to thread " + ready.threadId() + " as " + ready.userId())) {
            return;
        }
        joined = true;
        if (ready.reset()) {
            // The server has less than we claimed, and replays from the start.
            setLastSeq(0);
            cancel.reset();
            files.reset();
        }
        joinedAtSeq = ready.lastSeq();
        thinking = "thinking".equals(ready.status());
        if (ready.limits() != null) {
            maxMessageChars = ready.limits().messageChars();
        }
        boolean newQuota = quota.joined(ready);
        if (newQuota) {
            quotaChanged.accept(quota.quota());
        }
        outbox.joined();
        if (ready.reset()) {
            listeners.onReset();
        }
        listeners.onReady(ready);
        if (newQuota) {
            listeners.onQuota(quota.quota());
        }
        // Statuses the client missed while away: their file_status frames were live, and are not replayed.
        files.joined(ready.agent()).forEach(listeners::onFileStatus);
        outbox.unacked().forEach(this::sendFromOutbox);
        checkCaughtUp();
    }

    @Override
    public void ended(String why) {
        link = null;
        joined = false;
        exports.failAll(why);
    }

    @Override
    public void closed() {
        IllegalStateException why = new IllegalStateException("the client was closed");
        outbox.abandonWaiters(why);
        exports.failAll(why.getMessage());
    }

    // ---- frames

    @Override
    public void received(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ready ready) {
            joined(ready);
            return;
        }
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
        // Before the refusal a quota_exceeded error leads to, so that it finds the server's count.
        if (frame instanceof ServerFrame.Message message ? quota.stored(message)
                : frame instanceof ServerFrame.ErrorFrame error && quota.error(error)) {
            quotaChanged.accept(quota.quota());
            listeners.onQuota(quota.quota());
        }
        if (frame instanceof ServerFrame.FileStatus status && files.changed(status.file())) {
            listeners.onFileStatus(status.file());
        } else if (frame instanceof ServerFrame.AgentUpdated updated) {
            files.updated(updated.agent());
        }
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

    /** The request that was too big is given up, or it would be sent forever. */
    @Override
    public void tooBig() {
        Outbox.Refusal dropped = outbox.dropLargestSent();
        if (dropped != null) {
            listeners.onRefused(dropped.clientMessageId(), dropped.code(), dropped.message());
        }
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
