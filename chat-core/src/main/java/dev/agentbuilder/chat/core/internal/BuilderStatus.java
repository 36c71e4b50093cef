package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.TurnState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a thread's builder is working: a turn running here, or with a shared lease another node's, as the lease
 * said when last asked or the bus said since (a bus may not carry statuses, or lose one, so the lease is asked again
 * where it matters). What a joining member is told, and what keeps a change by hand from being made.
 *
 * <p>Confined to the session's executor.
 */
final class BuilderStatus {

    private static final Logger log = LoggerFactory.getLogger(BuilderStatus.class);

    private final String threadId;
    private final EngineConfig config;
    private final TurnQueue turns;
    /** With a shared lease: whether another node's builder is working, as last heard. */
    private TurnState elsewhere = TurnState.IDLE;

    BuilderStatus(String threadId, EngineConfig config, TurnQueue turns) {
        this.threadId = threadId;
        this.config = config;
        this.turns = turns;
    }

    /** Thinking while a turn runs here, else what was last heard of other nodes. */
    TurnState status() {
        if (turns.running()) {
            return TurnState.THINKING;
        }
        return elsewhere;
    }

    /** Whether a turn runs (here or, as the lease says, on another node) or messages wait for one. */
    boolean busy() {
        if (elsewhere == TurnState.THINKING) {
            refresh();
        }
        return status() == TurnState.THINKING || turns.waiting() > 0;
    }

    /**
     * With a shared lease and no turn here: whether another node holds the thread's lease now. When the store cannot
     * say, what was known stands (the store decides again when a change is written).
     */
    void refresh() {
        if (!turns.shared() || turns.running()) {
            return;
        }
        try {
            elsewhere = config.cluster().leaseHeld(threadId) ? TurnState.THINKING : TurnState.IDLE;
        } catch (ChatException e) {
            log.warn("could not ask who holds the turn lease of thread {}", threadId, e);
        }
    }

    /** A status from the bus: with a shared lease and no turn here, another node's. */
    void heard(StatusChanged status) {
        if (turns.shared() && !turns.running()) {
            elsewhere = status.state();
        }
    }
}
