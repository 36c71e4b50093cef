package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Everything a chat engine is configured with. Immutable. */
public record EngineConfig(
        StreamingChatModel model,
        ThreadStore store,
        ThreadBus bus,
        TurnLock turnLock,
        Duration sessionGrace,
        int maxQueuedTurns,
        int maxMessageChars,
        int memoryMessages,
        Duration modelIdleTimeout,
        int turnThreads,
        boolean answerInterruptedTurns,
        Clock clock) {

    public EngineConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(turnLock, "turnLock");
        Objects.requireNonNull(clock, "clock");
        requireNotNegative("sessionGrace", sessionGrace);
        requirePositive("modelIdleTimeout", modelIdleTimeout);
        if (maxQueuedTurns < 0) {
            throw new IllegalArgumentException("maxQueuedTurns must be >= 0: " + maxQueuedTurns);
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("maxMessageChars must be >= 1: " + maxMessageChars);
        }
        if (memoryMessages < 2) {
            throw new IllegalArgumentException("memoryMessages must be >= 2: " + memoryMessages);
        }
        if (turnThreads < 1) {
            throw new IllegalArgumentException("turnThreads must be >= 1: " + turnThreads);
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0: " + d);
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + d);
        }
    }
}
