package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a joining member the stored events after its lastSeq, a page at a time, so a long thread neither fills the
 * heap nor floods a slow client. Each page after the first is read in a task of its own on the session's executor,
 * so the work of other members goes on in between; and an event is sent only while the member's listener has at most
 * the replay window of bytes not yet written to its client. Above it the replay stops and looks again shortly (the
 * transport has no drain callback), reading from the store again from the last event sent.
 *
 * <p>Until the replay has caught up the member is {@link Member#replaying} and fan-out passes it by: the stored
 * events it skips are in the store by the time they are published, so a later page has them. The replay has caught
 * up when, in one task, it read a page shorter than a full one and sent all of it: an event published after that read
 * is fanned out in a later task, which then finds the member no longer replaying.
 *
 * <p>Confined to the session's executor; {@link Member#lastDelivered} is its cursor.
 */
final class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    /** How soon a replay held back by a client that is behind looks again. */
    private static final Duration RECHECK = Duration.ofMillis(20);

    private final String threadId;
    private final History history;
    private final Scheduler scheduler;
    private final Members members;
    private final Member member;
    private final int pageSize;
    private final long windowBytes;

    Replay(String threadId, EngineConfig config, History history, Scheduler scheduler, Members members,
            Member member) {
        this.threadId = threadId;
        this.history = history;
        this.scheduler = scheduler;
        this.members = members;
        this.member = member;
        this.pageSize = config.replayPageEvents();
        this.windowBytes = config.replayWindowBytes();
    }

    /**
     * Sends a page read in the current task, then goes on with the next page in a task of its own, or ends the
     * replay when this page was the last.
     */
    void send(List<StoredEvent> page) {
        for (StoredEvent event : page) {
            if (member.hasLeft()) {
                return;
            }
            if (member.pendingBytes() > windowBytes) {
                // The rest of this page is read again once the client has caught up.
                later();
                return;
            }
            member.deliver(event);
        }
        if (page.size() < pageSize) {
            members.replayed(member);
        } else {
            scheduler.execute(this::nextPage);
        }
    }

    private void nextPage() {
        if (member.hasLeft()) {
            return;
        }
        if (member.pendingBytes() > windowBytes) {
            later();
            return;
        }
        List<StoredEvent> page;
        try {
            page = history.history(member.lastDelivered, pageSize);
        } catch (ChatException e) {
            log.warn("could not read the history of thread {}", threadId, e);
            member.refuse(ErrorCode.INTERNAL, "The thread history could not be read. Please try again.");
            return;
        }
        send(page);
    }

    private void later() {
        scheduler.schedule(this::nextPage, RECHECK);
    }
}
