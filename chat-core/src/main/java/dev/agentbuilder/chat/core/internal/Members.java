package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.agentbuilder.chat.core.TurnState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of one live thread and the fan-out to them: each gets every stored event once, in seq order, with any
 * it missed read from the store first (a bus across nodes may lose or reorder), and the live events as they come,
 * unless it is still replaying the history it joined for.
 *
 * <p>Confined to the session's executor.
 */
final class Members {

    private static final Logger log = LoggerFactory.getLogger(Members.class);

    private final String threadId;
    private final EngineConfig config;
    private final History history;
    private final Scheduler scheduler;
    private final List<Member> members = new ArrayList<>();

    Members(String threadId, EngineConfig config, History history, Scheduler scheduler) {
        this.threadId = threadId;
        this.config = config;
        this.history = history;
        this.scheduler = scheduler;
    }

    /** Adds a member that was given {@code ready}, and replays the stored events after {@code from} to it. */
    void add(Member member, long from, List<StoredEvent> firstPage) {
        member.lastDelivered = from;
        member.replaying = true;
        members.add(member);
        new Replay(threadId, config, history, scheduler, this, member).send(firstPage);
    }

    boolean contains(Member member) {
        return members.contains(member);
    }

    void remove(Member member) {
        members.remove(member);
    }

    /** The lowest seq a live (not replaying) member was given; {@code otherwise} when there is none. */
    long oldestDelivered(long otherwise) {
        long oldest = Long.MAX_VALUE;
        for (Member member : members) {
            if (!member.replaying) {
                oldest = Math.min(oldest, member.lastDelivered);
            }
        }
        return oldest == Long.MAX_VALUE ? otherwise : oldest;
    }

    void clear() {
        members.clear();
    }

    /** Tells every member why it must leave, and lets them go. */
    void refuseAll(ErrorCode code, String message) {
        List<Member> all = new ArrayList<>(members);
        members.clear();
        all.forEach(member -> member.refuse(code, message));
    }

    /**
     * The member's replay has caught up: from now on it gets live events. If status changes went by meanwhile, it is
     * told the last of them, unless that is what it was told already.
     */
    void replayed(Member member) {
        member.replaying = false;
        tellMissedStatus(member);
    }

    /** Tells the member the last status it was passed by with, unless that is what it was told already. */
    private static void tellMissedStatus(Member member) {
        TurnState missed = member.missedStatus;
        member.missedStatus = null;
        if (missed != null && missed != member.toldStatus) {
            member.deliver(new StatusChanged(missed));
        }
    }

    void fanOut(ThreadEvent event) {
        for (Member member : List.copyOf(members)) {
            if (event instanceof ThreadEvent.FileStatusChanged) {
                // A file's status only moves forward, and clients keep the furthest they saw: no order to keep.
                member.deliver(event);
            } else if (!member.replaying) {
                deliverInOrder(member, event);
            } else if (event instanceof StatusChanged status) {
                // A replaying member gets a stored event in its replay (it was stored before it was published); a
                // live one would come too early, but it is told the last status it missed once the replay ends.
                member.missedStatus = status.state();
            }
        }
    }

    /**
     * Delivers a stored event once, after any the member is missing: those are read from the store first, so a
     * member never sees a gap (possible only with a bus across nodes, which may lose events). When the store cannot
     * fill the gap now, the member is behind: the event waits for the next stored event or catch-up to read it again,
     * in order, and so do the live events after it (the last status and any failures; deltas are dropped, the stored
     * reply has their text).
     */
    private void deliverInOrder(Member member, ThreadEvent event) {
        if (!(event instanceof StoredEvent stored)) {
            if (member.behindUntil == 0) {
                member.deliver(event);
            } else if (event instanceof StatusChanged status) {
                member.missedStatus = status.state();
            } else if (event instanceof TurnFailed failed) {
                member.heldFailures.add(failed);
            }
            return;
        }
        if (stored.seq() <= member.lastDelivered) {
            return;
        }
        if (stored.seq() > member.lastDelivered + 1 && !fillGap(member, stored.seq())) {
            member.behindUntil = Math.max(member.behindUntil, stored.seq());
            return;
        }
        member.deliver(event);
        if (member.behindUntil != 0 && member.lastDelivered >= member.behindUntil) {
            caughtUp(member);
        }
    }

    /** The member has every stored event it was behind on: what waited behind them follows. */
    private void caughtUp(Member member) {
        member.behindUntil = 0;
        List<TurnFailed> failures = List.copyOf(member.heldFailures);
        member.heldFailures.clear();
        failures.forEach(member::deliver);
        tellMissedStatus(member);
    }

    /** Delivers the stored events before {@code seq} the member is missing; false when the store could not. */
    private boolean fillGap(Member member, long seq) {
        try {
            for (StoredEvent missing : history.history(member.lastDelivered,
                    (int) Math.min(seq - member.lastDelivered - 1, Integer.MAX_VALUE))) {
                if (missing.seq() >= seq) {
                    break;
                }
                member.deliver(missing);
            }
        } catch (ChatException e) {
            log.warn("could not read missing events of thread {}; they are read again at the next event or catch-up",
                    threadId, e);
        }
        return member.lastDelivered == seq - 1;
    }
}
