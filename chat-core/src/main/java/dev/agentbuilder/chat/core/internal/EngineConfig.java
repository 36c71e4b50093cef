package dev.agentbuilder.chat.core.internal;

import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.core.EngineObserver;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.core.TokenQuota;
import dev.agentbuilder.chat.core.spi.ClusterStore;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Everything a chat engine is configured with. Immutable.
 *
 * @param store                  where threads live; a store several nodes share has a {@link ClusterStore}
 * @param modelIdleTimeout       a model call that has started streaming and then sends nothing for this long fails
 * @param modelFirstTokenTimeout a model call that streams nothing at all for this long fails (retried, see below)
 * @param modelRetries           how many times a model call is tried again when it failed before its first token
 *                               with an error that a retry can fix (unreachable, rate limited, 5xx, timeout)
 * @param modelRetryBackoff      the waits between retries of a model call
 * @param replayPageEvents       how many stored events a joining member's replay reads from the store at a time
 * @param retention              threads idle longer than this are deleted; zero keeps them
 * @param replayWindowBytes      the replay sends no more while the member's listener has more than this many bytes
 *                               not yet written to its client ({@code ThreadListener.pendingBytes()})
 * @param tracer                 who is told of each turn's model calls, tool calls and writes, for tracing
 * @param tokensPerUserPerDay    the tokens each user's turns may use per UTC day, across their threads; 0 for no
 *                               limit
 * @param knowledge              how knowledge files are read, embedded and limited; null for an engine without them
 */
public record EngineConfig(
        StreamingChatModel model,
        ThreadStore store,
        ThreadBus bus,
        Duration sessionGrace,
        int maxQueuedTurns,
        int maxMessageChars,
        int memoryMessages,
        Duration modelIdleTimeout,
        Duration modelFirstTokenTimeout,
        int modelRetries,
        Backoff modelRetryBackoff,
        int replayPageEvents,
        long replayWindowBytes,
        int workers,
        boolean answerInterruptedTurns,
        Clock clock,
        EngineObserver observer,
        EngineTracer tracer,
        long tokensPerUserPerDay,
        Duration retention,
        KnowledgeSettings knowledge) {

    public EngineConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(tracer, "tracer");
        if (tokensPerUserPerDay < 0) {
            throw new IllegalArgumentException("tokensPerUserPerDay must be >= 0: " + tokensPerUserPerDay);
        }
        requireNotNegative("sessionGrace", sessionGrace);
        requireNotNegative("retention", retention);
        requirePositive("modelIdleTimeout", modelIdleTimeout);
        requirePositive("modelFirstTokenTimeout", modelFirstTokenTimeout);
        Objects.requireNonNull(modelRetryBackoff, "modelRetryBackoff");
        if (modelRetries < 0) {
            throw new IllegalArgumentException("modelRetries must be >= 0: " + modelRetries);
        }
        if (maxQueuedTurns < 0) {
            throw new IllegalArgumentException("maxQueuedTurns must be >= 0: " + maxQueuedTurns);
        }
        if (maxMessageChars < 1) {
            throw new IllegalArgumentException("maxMessageChars must be >= 1: " + maxMessageChars);
        }
        if (memoryMessages < 2) {
            throw new IllegalArgumentException("memoryMessages must be >= 2: " + memoryMessages);
        }
        if (replayPageEvents < 1) {
            throw new IllegalArgumentException("replayPageEvents must be >= 1: " + replayPageEvents);
        }
        if (replayWindowBytes < 0) {
            throw new IllegalArgumentException("replayWindowBytes must be >= 0: " + replayWindowBytes);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
    }

    /** The store's cluster side; null for a store of one process. Its turn lease is the thread's. */
    public ClusterStore cluster() {
        return store.cluster().orElse(null);
    }

    /** Whether several nodes share the threads: their turns run under the store's lease, fenced. */
    public boolean shared() {
        return store.cluster().isPresent();
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

    /**
     * Where {@code userId} stands against the daily token budget now, read from the store; null without a budget.
     *
     * @throws dev.agentbuilder.chat.core.ChatException when the store cannot say
     */
    TokenQuota quota(String userId) {
        if (tokensPerUserPerDay == 0) {
            return null;
        }
        LocalDate today = TokenQuota.today(clock);
        return TokenQuota.of(store.tokensUsed(userId, today), tokensPerUserPerDay, today);
    }
}
