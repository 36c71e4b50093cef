package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.internal.LocalThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadBus;

/** The {@link ThreadBus} that chat-core ships. */
public final class ThreadBuses {

    private ThreadBuses() {
    }

    /** The bus for a single process: publishing calls each subscriber of the thread directly. */
    public static ThreadBus inProcess() {
        return new LocalThreadBus();
    }
}
