package dev.agentbuilder.chat.core;

import dev.agentbuilder.chat.core.internal.KnowledgeSettings;
import dev.agentbuilder.chat.core.spi.DocumentReader;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.agentbuilder.chat.common.Backoff;
import dev.agentbuilder.chat.core.internal.EngineConfig;
import dev.agentbuilder.chat.core.internal.SessionRegistry;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The chat engine: threads of builder conversations, each with an ordered event log and an agent draft, and the
 * agent builder that answers every user message, one turn at a time per thread.
 *
 * <p>Join a thread with {@link #join}, which returns a {@link ThreadMember}; events arrive on the
 * {@link ThreadListener} you pass. Nothing here blocks the caller except {@link #shutdown}. Different chat threads run
 * in parallel on the engine's workers ({@code chat-worker-N}); the work of one chat thread runs in order.
 *
 * <pre>{@code
 * try (ChatEngine engine = ChatEngine.builder().model(model).build()) {   // in-memory store
 *     ThreadMember me = engine.join("t1", "u1", 0, listener);
 *     me.submit("I want an agent that helps me plan trips", "c1");
 * }
 * }</pre>
 */
public final class ChatEngine implements AutoCloseable {

    private final SessionRegistry registry;

    private ChatEngine(EngineConfig config) {
        this.registry = new SessionRegistry(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Joins a thread, creating it when new. Returns at once; the {@link ThreadSnapshot} and then every stored event
     * after {@code lastSeq} arrive on the listener, followed by live events.
     *
     * @param threadId the thread, 1 to 128 characters of {@code A-Z a-z 0-9 _ . : -}
     * @param userId   the user, same rule
     * @param lastSeq  the highest seq the caller already has (0 for everything)
     * @throws IllegalArgumentException for a bad id or a negative lastSeq
     * @throws ChatException            after {@link #shutdown}
     */
    public ThreadMember join(String threadId, String userId, long lastSeq, ThreadListener listener) {
        return registry.join(threadId, userId, lastSeq, listener);
    }

    /** The agents' knowledge files: add, list, read, remove. */
    public ThreadKnowledge knowledge() {
        return registry.knowledge();
    }

    /** The threads as their users list them: list, search, rename, delete, watch. */
    public ThreadCatalog threads() {
        return registry.catalog();
    }

    /** How many threads are held in memory now (those with members, and those within their grace period). */
    public int activeThreads() {
        return registry.activeSessions();
    }

    /**
     * Stops the engine: no new joins or turns; running turns may finish within {@code drain}, after which they are
     * stopped and their partial replies stored. Then the store is closed. Blocks until done.
     */
    public void shutdown(Duration drain) {
        registry.shutdown(drain);
    }

    /** {@link #shutdown} with a 10 second drain. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** Settings for a {@link ChatEngine}; every one but the {@link #model} has a default. */
    public static final class Builder {
        private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);

        private StreamingChatModel model;
        private ThreadStore store;
        private ThreadBus bus;
        private EngineObserver observer = EngineObserver.NONE;
        private EngineTracer tracer = EngineTracer.NONE;
        private long tokensPerUserPerDay;
        private Duration sessionGrace = Duration.ofSeconds(EngineDefaults.SESSION_GRACE_SECONDS);
        private int maxQueuedTurns = EngineDefaults.MAX_QUEUED_TURNS;
        private int maxMessageChars = EngineDefaults.MAX_MESSAGE_CHARS;
        private int memoryMessages = EngineDefaults.MEMORY_MESSAGES;
        private Duration modelIdleTimeout = Duration.ofSeconds(EngineDefaults.MODEL_IDLE_TIMEOUT_SECONDS);
        private Duration modelFirstTokenTimeout;
        private int modelRetries = EngineDefaults.MODEL_RETRIES;
        private Duration modelRetryBackoff = Duration.ofMillis(EngineDefaults.MODEL_RETRY_BACKOFF_MILLIS);
        private int replayPageEvents = EngineDefaults.REPLAY_PAGE_EVENTS;
        private long replayWindowBytes = EngineDefaults.REPLAY_WINDOW_BYTES;
        private int workers = EngineDefaults.WORKERS;
        private boolean answerInterruptedTurns = EngineDefaults.ANSWER_INTERRUPTED_TURNS;
        private Clock clock = Clock.systemUTC();
        private Duration retention = Duration.ZERO;
        private DocumentReader documentReader;
        private EmbeddingModel embeddings;
        private double knowledgeMinScore;
        private long maxFileBytes = EngineDefaults.MAX_FILE_BYTES;
        private int maxFiles = EngineDefaults.MAX_FILES;
        private long maxUserFileBytes = EngineDefaults.MAX_USER_FILE_BYTES;
        private String knowledgeNodeId;

        private Builder() {
        }

        /**
         * The model that plays the builder; required. Any langchain4j {@code StreamingChatModel} with tool calling,
         * or the chat-offline module's {@code OfflineBuilderModel}, which needs no network.
         */
        public Builder model(StreamingChatModel model) {
            this.model = model;
            return this;
        }

        /**
         * Where threads are kept. Default: {@link ThreadStores#inMemory()}. The engine closes it on shutdown. A store
         * that several nodes share ({@link ThreadStore#cluster}) brings its turn lease: every node's turns then run
         * under it, fenced.
         */
        public Builder store(ThreadStore store) {
            this.store = store;
            return this;
        }

        /** How events reach every member. Default: {@link ThreadBuses#inProcess()}. */
        public Builder bus(ThreadBus bus) {
            this.bus = bus;
            return this;
        }

        /** Who is told of turns and model failures, for metrics. Default: nobody. */
        public Builder observer(EngineObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Who is told of each turn's model calls, tool calls and writes, for tracing. Default: nobody. */
        public Builder tracer(EngineTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * How many tokens (input plus output, as the model reports them) each user's turns may use per UTC day,
         * across all the threads the user owns, preview included. A message sent once they are spent is refused
         * with {@link ErrorCode#QUOTA_EXCEEDED} before it is stored; a running turn may finish. Default 0: no limit.
         */
        public Builder tokensPerUserPerDay(long tokensPerUserPerDay) {
            this.tokensPerUserPerDay = tokensPerUserPerDay;
            return this;
        }

        /** How long a thread stays in memory after its last member left. Default 30 s; zero is allowed. */
        public Builder sessionGrace(Duration sessionGrace) {
            this.sessionGrace = sessionGrace;
            return this;
        }

        /** How many user messages may wait behind the running turn before {@link ErrorCode#BUSY}. Default 10. */
        public Builder maxQueuedTurns(int maxQueuedTurns) {
            this.maxQueuedTurns = maxQueuedTurns;
            return this;
        }

        /** The longest user message, in characters (code points). Default 8,000. */
        public Builder maxMessageChars(int maxMessageChars) {
            this.maxMessageChars = maxMessageChars;
            return this;
        }

        /** How many messages of the conversation the model sees (langchain4j's message window). Default 40. */
        public Builder memoryMessages(int memoryMessages) {
            this.memoryMessages = memoryMessages;
            return this;
        }

        /** A model call that started streaming and then sends nothing for this long fails the turn. Default 60 s. */
        public Builder modelIdleTimeout(Duration modelIdleTimeout) {
            this.modelIdleTimeout = modelIdleTimeout;
            return this;
        }

        /**
         * A model call that streams nothing at all (no text, no tool call) for this long is given up; it is retried
         * like other failures before the first token (see {@link #modelRetries}). Default: the idle timeout.
         */
        public Builder modelFirstTokenTimeout(Duration modelFirstTokenTimeout) {
            this.modelFirstTokenTimeout = modelFirstTokenTimeout;
            return this;
        }

        /**
         * How often a model call that failed before its first token is tried again, when a retry can help: the
         * provider was unreachable, rate limited (HTTP 429), failed on its side (5xx) or did not answer in time.
         * Rejected credentials and bad requests are never retried, nor is a call that already streamed something.
         * The waits follow {@link Backoff}: before the first retry, between half of {@code backoff} and all of it,
         * doubling for each further one, up to 30 s. They are timers, no thread blocks. Default: 2 retries, 500 ms.
         */
        public Builder modelRetries(int retries, Duration backoff) {
            this.modelRetries = retries;
            this.modelRetryBackoff = backoff;
            return this;
        }

        /**
         * How a member who joins with an old lastSeq is sent the stored events it is missing (the replay): read from
         * the store {@code pageEvents} at a time, one page per task of the thread's work so other members' work
         * goes on in between, and sent only while its listener's {@link ThreadListener#pendingBytes()} is at most
         * {@code windowBytes}; above that, the replay looks again every 20 ms. Keep the window well below the
         * transport's own limit for a slow client, less the largest event. Default: 256 events, 1 MiB.
         */
        public Builder replay(int pageEvents, long windowBytes) {
            this.replayPageEvents = pageEvents;
            this.replayWindowBytes = windowBytes;
            return this;
        }

        /**
         * Worker threads that run the chat threads' work, store reads included: a store may block a worker while it
         * reads. Default 32.
         */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * What to do, when a thread is loaded, with user messages a crash or shutdown left unanswered: answer them
         * (true, the default) or store an empty reply marked stopped for each (false).
         */
        public Builder answerInterruptedTurns(boolean answerInterruptedTurns) {
            this.answerInterruptedTurns = answerInterruptedTurns;
            return this;
        }

        /**
         * Threads idle (no event stored) for longer than this are deleted, everything of them, a batch at a time; in
         * a cluster, one node at a time deletes. Default: zero, keep threads for ever.
         */
        public Builder retention(Duration retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * Gives agents knowledge files: {@code reader} reads uploads (chat-knowledge's {@code Knowledge.reader()}),
         * {@code embeddings} embeds their passages and the preview's questions. Without it, {@link #knowledge()}
         * refuses every file ({@link ThreadKnowledge.KnowledgeException.Reason#DISABLED}).
         *
         * @param minScore a passage less similar than this to a question (cosine, -1 to 1) is not given to the model
         */
        public Builder knowledge(DocumentReader reader, EmbeddingModel embeddings, double minScore) {
            this.documentReader = Objects.requireNonNull(reader, "reader");
            this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
            this.knowledgeMinScore = minScore;
            return this;
        }

        /**
         * Limits on knowledge files: the largest file, the most files of one agent, the most bytes of one user's
         * files. Defaults: 20 MB, 20, 200 MB.
         */
        public Builder knowledgeLimits(long maxFileBytes, int maxFiles, long maxUserFileBytes) {
            new ThreadKnowledge.Limits(maxFileBytes, maxFiles, maxUserFileBytes);
            this.maxFileBytes = maxFileBytes;
            this.maxFiles = maxFiles;
            this.maxUserFileBytes = maxUserFileBytes;
            return this;
        }

        /**
         * The name of a process that shares no store: its claims on files being indexed are found again by the same
         * process after a restart, so that it resumes them at once.
         */
        private static final String ONE_PROCESS = "local";

        private String defaultNodeId() {
            boolean shared = store != null && store.cluster().isPresent();
            return shared ? "node-" + java.util.UUID.randomUUID() : ONE_PROCESS;
        }

        /**
         * This node's name in a shared store's claims on files being indexed; a node that keeps its name over a
         * restart resumes its own interrupted indexing at once. Default: a random one when nodes share the store.
         */
        public Builder knowledgeNodeId(String nodeId) {
            this.knowledgeNodeId = Objects.requireNonNull(nodeId, "nodeId");
            return this;
        }

        /** The clock for message times. Default: UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Retries wait at most 30 s, unless the first wait is set longer than that. */
        private static Duration longest(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }

        /**
         * The engine, started.
         *
         * @throws NullPointerException     without a {@link #model}
         * @throws IllegalArgumentException for a setting out of range, naming it and its value
         */
        public ChatEngine build() {
            Objects.requireNonNull(model, "model: set the builder's model with ChatEngine.builder().model(...)");
            if (modelRetryBackoff == null || modelRetryBackoff.isNegative()) {
                throw new IllegalArgumentException("modelRetryBackoff must be >= 0: " + modelRetryBackoff);
            }
            return new ChatEngine(new EngineConfig(
                    model,
                    store != null ? store : ThreadStores.inMemory(),
                    bus != null ? bus : ThreadBuses.inProcess(),
                    sessionGrace,
                    maxQueuedTurns,
                    maxMessageChars,
                    memoryMessages,
                    modelIdleTimeout,
                    modelFirstTokenTimeout != null ? modelFirstTokenTimeout : modelIdleTimeout,
                    modelRetries,
                    new Backoff(modelRetryBackoff, longest(modelRetryBackoff, MAX_RETRY_WAIT)),
                    replayPageEvents,
                    replayWindowBytes,
                    workers,
                    answerInterruptedTurns,
                    clock,
                    observer,
                    tracer,
                    tokensPerUserPerDay,
                    retention,
                    documentReader == null ? null : new KnowledgeSettings(documentReader, embeddings,
                            new ThreadKnowledge.Limits(maxFileBytes, maxFiles, maxUserFileBytes), knowledgeMinScore,
                            knowledgeNodeId != null ? knowledgeNodeId : defaultNodeId())));
        }
    }
}
