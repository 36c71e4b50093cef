package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentChanges;
import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.ThreadListener;
import dev.agentbuilder.chat.core.ThreadMember;
import dev.agentbuilder.chat.core.ThreadSnapshot;
import dev.agentbuilder.chat.core.TurnState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's handle. Its public methods may be called from any thread and only queue work on the session.
 * {@link #lastDelivered}, {@link #replaying}, {@link #behindUntil}, {@link #heldFailures}, {@link #toldStatus},
 * {@link #missedStatus} and {@link #warned} are confined to the session's executor, which makes every listener call.
 */
final class Member implements ThreadMember {

    private static final Logger log = LoggerFactory.getLogger(Member.class);

    private final ThreadSession session;
    private final String userId;
    private final ThreadListener listener;
    private final AtomicBoolean left = new AtomicBoolean();

    /** Set once {@code ready} was given; from then on this member's messages take the urgent lane. */
    private volatile boolean joined;

    /** The highest seq this member has been given. */
    long lastDelivered;

    /** Whether the stored events it joined for are still being sent ({@link Replay}): fan-out passes it by. */
    boolean replaying;

    /**
     * The highest stored seq this member could not be given yet, because the store could not fill the gap before it;
     * 0 when none. Until it is given (by a later event or a catch-up), live events wait: the last status in
     * {@link #missedStatus}, failures in {@link #heldFailures}, deltas dropped (the stored reply has their text).
     */
    long behindUntil;

    /** The turn failures that came while this member was behind, in order. */
    final List<TurnFailed> heldFailures = new ArrayList<>();

    /** The turn state this member was last told, in its snapshot or a {@link StatusChanged}. */
    TurnState toldStatus;

    /** The last turn state fan-out passed this member by with, while it was replaying or behind; null if none. */
    TurnState missedStatus;

    /** Whether a failure of this member's listener was logged already: one warning is enough. */
    private boolean warned;

    Member(ThreadSession session, String userId, ThreadListener listener) {
        this.session = session;
        this.userId = userId;
        this.listener = listener;
    }

    @Override
    public String threadId() {
        return session.threadId;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void submit(String content, String clientMessageId) {
        submit(content, clientMessageId, Channel.BUILDER);
    }

    @Override
    public void submit(String content, String clientMessageId, Channel channel) {
        Objects.requireNonNull(channel, "channel");
        request(() -> session.submit(this, content, clientMessageId, channel));
    }

    @Override
    public void updateAgent(long baseVersion, AgentChanges changes, String clientMessageId) {
        Objects.requireNonNull(changes, "changes");
        request(() -> session.updateAgent(this, baseVersion, changes, clientMessageId));
    }

    @Override
    public void revertAgent(long version, String clientMessageId) {
        request(() -> session.revertAgent(this, version, clientMessageId));
    }

    @Override
    public void exportAgent(AgentExport.Format format) {
        Objects.requireNonNull(format, "format");
        request(() -> session.exportAgent(this, format));
    }

    /** Queues one of the member's requests; all of them take the same lane, so they are handled in order. */
    private void request(Runnable request) {
        if (left.get()) {
            return;
        }
        if (joined) {
            // A message and its ack do not wait behind other threads' streaming.
            session.executeUrgent(request);
        } else {
            // Not before the join that is still queued: it would find no such member.
            session.execute(request);
        }
    }

    @Override
    public void cancel() {
        if (!left.get()) {
            session.execute(() -> session.cancel(this));
        }
    }

    @Override
    public void leave() {
        if (left.compareAndSet(false, true)) {
            session.execute(() -> session.remove(this));
            session.registry.detach(session);
        }
    }

    boolean hasLeft() {
        return left.get();
    }

    void ready(ThreadSnapshot snapshot) {
        joined = true;
        toldStatus = snapshot.status();
        if (!left.get()) {
            safely(() -> listener.onReady(snapshot));
        }
    }

    void deliver(ThreadEvent event) {
        if (left.get()) {
            return;
        }
        if (event instanceof StoredEvent stored) {
            lastDelivered = stored.seq();
        } else if (event instanceof StatusChanged status) {
            toldStatus = status.state();
        }
        safely(() -> listener.onEvent(event));
    }

    /** The bytes the listener says are not yet written to its client; 0 if it fails to say. */
    long pendingBytes() {
        long[] pending = {0};
        safely(() -> pending[0] = listener.pendingBytes());
        return pending[0];
    }

    void reply(SubmitResult result) {
        if (!left.get()) {
            safely(() -> listener.onSubmitResult(result));
        }
    }

    /** Tells the listener the join failed, then leaves, so the session does not wait for this member. */
    void refuse(ErrorCode code, String message) {
        if (!left.get()) {
            safely(() -> listener.onRefused(code, message));
        }
        leave();
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn("listener of a member of thread {} failed; further failures are logged at debug",
                        session.threadId, e);
            } else {
                log.debug("listener of a member of thread {} failed again", session.threadId, e);
            }
        }
    }
}
