package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.internal.LocalTurnLock;
import dev.agentbuilder.chat.core.spi.TurnLock;

/** The {@link TurnLock} that chat-core ships. */
public final class TurnLocks {

    private TurnLocks() {
    }

    /** The lock for a single process. */
    public static TurnLock inProcess() {
        return new LocalTurnLock();
    }
}
