package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.EngineDefaults;
import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.internal.cli.StoreOptions.StoreKind;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * chat-server's options for the chat engine's threads: what becomes of messages a crash left unanswered, how long an
 * idle thread stays in memory, how long and how many messages may be, and the workers.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class EngineOptions {

    /** What to do with messages a crash left unanswered. */
    enum InterruptedTurns { answer, mark }

    @Option(names = "--interrupted-turns", order = 13, defaultValue = "${env:CHAT_INTERRUPTED_TURNS:-"
                    + (EngineDefaults.ANSWER_INTERRUPTED_TURNS ? "answer" : "mark") + "}",
            description = "Messages a crash left unanswered, when their thread is next loaded: answer them, or mark "
                    + "them with an empty stopped reply (env CHAT_INTERRUPTED_TURNS).")
    InterruptedTurns interruptedTurns;

    @Option(names = "--session-grace", order = 14,
            defaultValue = "${env:CHAT_SESSION_GRACE:-" + EngineDefaults.SESSION_GRACE_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "How long a thread stays in memory after its last client left, e.g. 30s, 0 (env "
                    + "CHAT_SESSION_GRACE).")
    Duration sessionGrace;

    @Option(names = "--retention", order = 14, defaultValue = "${env:CHAT_RETENTION:-0}",
            converter = DurationConverter.class,
            description = "Delete threads idle (no message or draft change) for longer than this, e.g. 90d or 2160h; "
                    + "0 keeps them for ever (env CHAT_RETENTION).")
    Duration retention;

    @Option(names = "--max-message-chars", order = 15,
            defaultValue = "${env:CHAT_MAX_MESSAGE_CHARS:-" + EngineDefaults.MAX_MESSAGE_CHARS + "}",
            description = "Longest user message in characters (env CHAT_MAX_MESSAGE_CHARS).")
    int maxMessageChars;

    @Option(names = "--max-queued-turns", order = 17,
            defaultValue = "${env:CHAT_MAX_QUEUED_TURNS:-" + EngineDefaults.MAX_QUEUED_TURNS + "}",
            description = "User messages that may wait behind a running turn before 'busy' (env "
                    + "CHAT_MAX_QUEUED_TURNS).")
    int maxQueuedTurns;

    @Option(names = "--tokens-per-user-per-day", order = 17,
            defaultValue = "${env:CHAT_TOKENS_PER_USER_PER_DAY:-0}",
            description = "Tokens (input plus output, as the model reports them) each user's turns may use per UTC "
                    + "day, across their threads; a message sent once they are spent is refused with "
                    + "'quota_exceeded'. 0: no limit (env CHAT_TOKENS_PER_USER_PER_DAY).")
    long tokensPerUserPerDay;

    @Option(names = "--workers", order = 18, defaultValue = "${env:CHAT_WORKERS}",
            description = "Threads that run the chat threads' work: turns, streaming, store reads; default: one "
                    + "less than the cores (at least 1), " + ServerDefaults.POSTGRES_WORKERS
                    + " with --store postgres (env CHAT_WORKERS).")
    Integer workers;

    /** {@code --workers}, else the default for the store. */
    public int workers(StoreKind store) {
        return workers != null ? workers : defaultWorkers(store, Runtime.getRuntime().availableProcessors());
    }

    /** Sets these options on the engine's builder; returns it. */
    public ChatEngine.Builder applyTo(ChatEngine.Builder builder, int workerCount) {
        return builder
                .answerInterruptedTurns(interruptedTurns == InterruptedTurns.answer)
                .sessionGrace(sessionGrace)
                .retention(retention)
                .maxMessageChars(maxMessageChars)
                .maxQueuedTurns(maxQueuedTurns)
                .tokensPerUserPerDay(tokensPerUserPerDay)
                .workers(workerCount);
    }

    /**
     * The engine's workers when {@code --workers} is not given. A local store (SQLite, memory) answers most reads
     * from memory in microseconds, and SQLite reads on 4 connections whatever the workers, so the workers' work is
     * computing: turns and streaming. One worker less than the cores leaves a core to the network threads and the
     * acks at saturation. With 32 on 2 cores, every worker had streaming to do, and ack p99 was twice that of one
     * worker, for the same frames per second (docs/benchmarks.md). The trade: a reconnect storm reading from a cold
     * disk took 15% longer. PostgreSQL's reads wait for a network round trip: its workers wait.
     */
    static int defaultWorkers(StoreKind store, int cores) {
        return store == StoreKind.postgres ? ServerDefaults.POSTGRES_WORKERS : Math.max(1, cores - 1);
    }
}
