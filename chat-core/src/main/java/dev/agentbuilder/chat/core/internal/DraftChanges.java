package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.AgentChanges;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.AgentExport;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.SubmitResult;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore.DraftAppend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The draft changed by hand: {@code update_agent} and {@code revert_agent} checked, stored and answered, and the
 * export. A change is taken as the thread's current draft at once, so a change right after it builds on it, and no turn
 * starts while one is being written: a turn must begin from a draft that is stored. A resend of a change still being
 * written waits for it and gets its answer.
 *
 * <p>Confined to the session's executor.
 */
final class DraftChanges {

    /** What a change by hand asks of the thread around it. */
    interface Host {

        /** Whether a turn runs (here or, as the lease says, on another node) or messages wait for one. */
        boolean builderBusy();

        /** See {@link Submissions#answeredAsDuplicate}. */
        boolean answeredAsDuplicate(Member member, String clientMessageId, String what);

        /** Starts the next turn, if one waits: the changes being written are stored (or not). */
        void startNextTurn();
    }

    private static final Logger log = LoggerFactory.getLogger(DraftChanges.class);

    private final String threadId;
    private final ThreadStore store;
    private final Scheduler scheduler;
    private final WriteGate gate;
    private final ThreadState state;
    private final Publisher publisher;
    private final Host host;
    private int writing;
    /** Changes being written, by clientMessageId: the members that sent them again meanwhile. */
    private final Map<String, List<Member>> resent = new HashMap<>();

    DraftChanges(String threadId, ThreadStore store, Scheduler scheduler, WriteGate gate, ThreadState state,
            Publisher publisher, Host host) {
        this.threadId = threadId;
        this.store = store;
        this.scheduler = scheduler;
        this.gate = gate;
        this.state = state;
        this.publisher = publisher;
        this.host = host;
    }

    /** Whether a change is being written: the next turn waits for it. */
    boolean writing() {
        return writing > 0;
    }

    void update(Member member, long baseVersion, AgentChanges changes, String clientMessageId) {
        if (!admitted(member, clientMessageId)) {
            return;
        }
        AgentDraft draft = state.draft();
        if (baseVersion != draft.version()) {
            member.reply(new SubmitResult.VersionConflict(clientMessageId, draft.version()));
            return;
        }
        AgentDraft next;
        try {
            next = changes.applyTo(draft);
        } catch (IllegalArgumentException e) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INVALID_MESSAGE, e.getMessage()));
            return;
        }
        store(member, next, DraftSource.USER, clientMessageId);
    }

    void revert(Member member, long version, String clientMessageId) {
        if (!admitted(member, clientMessageId)) {
            return;
        }
        Optional<AgentDraft> then;
        try {
            then = store.draftAt(threadId, version);
        } catch (ChatException e) {
            log.warn("could not read a version of the draft of thread {}", threadId, e);
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "The earlier version could not be read. Please try again."));
            return;
        }
        AgentDraft draft = state.draft();
        if (then.isEmpty()) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.NOT_FOUND, "The agent has no version "
                    + version + "; its versions are 0 to " + draft.version() + "."));
            return;
        }
        AgentDraft old = then.get();
        // The files of then that are still stored: a removed file's bytes are gone, so it cannot come back.
        java.util.Set<String> stored = new java.util.HashSet<>();
        try {
            store.knowledge().files(threadId).forEach(f -> stored.add(f.fileId()));
        } catch (ChatException e) {
            log.warn("could not read the knowledge files of thread {}", threadId, e);
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "The earlier version could not be read. Please try again."));
            return;
        }
        store(member, state.withStatusNow(new AgentDraft(old.name(), old.description(), old.instructions(),
                old.conversationStarters(), old.capabilities(), draft.version() + 1,
                old.files().stream().filter(f -> stored.contains(f.fileId())).toList())),
                DraftSource.REVERT, clientMessageId);
    }

    /**
     * Adds or removes knowledge files, as a change by the user: refused while the builder works, like every change
     * by hand. A change that changes nothing is answered as a duplicate, and nothing is stored.
     */
    void changeFiles(Member member, java.util.function.UnaryOperator<AgentDraft> change) {
        if (!admitted(member, null)) {
            return;
        }
        AgentDraft draft = state.draft();
        AgentDraft next = change.apply(draft);
        if (next == draft) {
            member.reply(new SubmitResult.Accepted(null, null, 0, true));
            return;
        }
        store(member, next, DraftSource.USER, null);
    }

    void export(Member member, AgentExport.Format format) {
        AgentDraft stored = state.storedDraft();
        member.reply(new SubmitResult.Exported(format, AgentExport.render(stored, format, threadId), stored.version()));
    }

    /**
     * Whether the change may go on: a valid clientMessageId, not one already stored or being written (those are
     * answered as the original is), and no turn running or waiting. A change made while the builder works would be
     * overwritten by the builder's changes, which start from the draft its turn began with.
     */
    private boolean admitted(Member member, String clientMessageId) {
        if (clientMessageId != null && !MessageRules.isValidClientMessageId(clientMessageId)) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.INVALID_MESSAGE,
                    "clientMessageId must be 1 to 128 characters without control characters"));
            return false;
        }
        if (clientMessageId != null && resent.containsKey(clientMessageId)) {
            resent.get(clientMessageId).add(member);
            return false;
        }
        if (host.answeredAsDuplicate(member, clientMessageId, "change to the agent")) {
            return false;
        }
        if (host.builderBusy()) {
            member.reply(new SubmitResult.Rejected(clientMessageId, ErrorCode.BUSY,
                    "The builder is working. Change the agent again when it is idle."));
            return false;
        }
        return true;
    }

    private void store(Member member, AgentDraft next, DraftSource source, String clientMessageId) {
        state.setDraft(next);
        writing++;
        List<Member> waiting = new ArrayList<>();
        waiting.add(member);
        if (clientMessageId != null) {
            resent.put(clientMessageId, waiting);
        }
        gate.whenWritten(() -> store.appendUserDraft(threadId, next, source, clientMessageId), true,
                (append, failure) -> {
                    writing--;
                    if (clientMessageId != null) {
                        resent.remove(clientMessageId);
                    }
                    if (failure != null) {
                        failed(next, failure, clientMessageId, waiting);
                    } else {
                        stored(next, append, clientMessageId, waiting);
                    }
                    if (writing == 0) {
                        scheduler.execute(host::startNextTurn);
                    }
                });
    }

    private void stored(AgentDraft next, DraftAppend append, String clientMessageId, List<Member> waiting) {
        StoredEvent event = append.event();
        if (!append.duplicate()) {
            state.stored(event);
        } else if (state.draft() == next) {
            // Another node stored this change first: nothing new was written, and the draft is the stored one.
            state.draftNotStored();
        }
        for (int i = 0; i < waiting.size(); i++) {
            waiting.get(i).reply(Submissions.accepted(clientMessageId, event, append.duplicate() || i > 0));
        }
        if (!append.duplicate()) {
            publisher.publish(event);
        }
    }

    private void failed(AgentDraft next, Throwable failure, String clientMessageId, List<Member> waiting) {
        // A change made on top of this one is being written too: its own write fails or succeeds after this one.
        if (state.draft() == next) {
            state.draftNotStored();
        }
        SubmitResult answer;
        if (failure instanceof ThreadStore.VersionConflict conflict) {
            // Another node changed the draft first; this node hears of it through the bus.
            answer = new SubmitResult.VersionConflict(clientMessageId, conflict.currentVersion());
        } else if (failure instanceof ClusterStore.TurnRunning) {
            answer = new SubmitResult.Rejected(clientMessageId, ErrorCode.BUSY,
                    "The builder is working. Change the agent again when it is idle.");
        } else {
            log.warn("could not store a change to the draft in thread {}", threadId, failure);
            answer = new SubmitResult.Rejected(clientMessageId, ErrorCode.INTERNAL,
                    "Your change could not be saved. Please try again.");
        }
        waiting.forEach(m -> m.reply(answer));
    }
}
