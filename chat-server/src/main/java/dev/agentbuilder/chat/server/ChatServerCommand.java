package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadBuses;
import dev.agentbuilder.chat.core.ThreadStores;
import dev.agentbuilder.chat.core.TurnLocks;
import dev.agentbuilder.chat.core.spi.ThreadBus;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.agentbuilder.chat.core.spi.TurnLock;
import dev.agentbuilder.chat.server.internal.TimedThreadStore;
import dev.agentbuilder.chat.server.internal.cli.CommandErrors;
import dev.agentbuilder.chat.server.internal.cli.DurationConverter;
import dev.agentbuilder.chat.server.internal.logging.LogFormats;
import dev.agentbuilder.chat.server.internal.logging.LogRouting;
import dev.agentbuilder.chat.server.internal.model.ModelFactory;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import dev.agentbuilder.chat.server.internal.ops.AdminServer;
import dev.agentbuilder.chat.server.internal.ops.EngineMeters;
import dev.agentbuilder.chat.server.internal.ops.Meters;
import dev.agentbuilder.chat.server.internal.ops.Readiness;
import dev.agentbuilder.chat.server.internal.ops.ShutdownWatchdog;
import dev.agentbuilder.chat.server.internal.ops.Signals;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.agentbuilder.chat.postgres.PostgresBus;
import dev.agentbuilder.chat.postgres.PostgresStore;
import dev.agentbuilder.chat.redis.RedisBus;
import dev.agentbuilder.chat.sqlite.SqliteStore;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chat-server}: runs the chat server until SIGTERM or Ctrl-C, then stops gracefully and exits 0. */
@Command(
        name = "chat-server",
        mixinStandardHelpOptions = true,
        version = "chat-server 0.1.0",
        description = "Real-time chat server for AI agent building conversations (protocol v1 over WebSocket).",
        sortOptions = false,
        showDefaultValues = true)
public final class ChatServerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ChatServerCommand.class);
    /**
     * How long a stop may take beyond the drain time before the watchdog halts it: the orderly path allows up to 2 s
     * each for stopped turns, for the engine's workers and for clients to answer the close, then closes the store.
     */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final int REPLAY_PAGE_EVENTS = 256;
    private static final long MAX_REPLAY_WINDOW_BYTES = 1024 * 1024;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:CHAT_PORT:-3004}",
            description = "Port to listen on, 0 for any free port (env CHAT_PORT).")
    int port;

    @Option(names = "--host", defaultValue = "${env:CHAT_HOST:-0.0.0.0}",
            description = "Address to bind (env CHAT_HOST).")
    String host;

    /** How log lines are written. */
    enum LogFormat { text, json }

    /** Applied by {@link LogFormats#fromArgs} before anything logs; here so that picocli checks and documents it. */
    @Option(names = "--log-format", defaultValue = "${env:CHAT_LOG_FORMAT:-text}",
            description = "Log lines as text, or as one JSON object each, start-up, usage errors and shutdown "
                    + "included (env CHAT_LOG_FORMAT).")
    LogFormat logFormat;

    @Option(names = "--admin-port", defaultValue = "${env:CHAT_ADMIN_PORT:-3005}",
            description = "Port of the admin HTTP listener (GET /healthz, /readyz, /metrics); 0 for any free port "
                    + "(env CHAT_ADMIN_PORT).")
    int adminPort;

    @Option(names = "--admin-host", defaultValue = "${env:CHAT_ADMIN_HOST}",
            description = "Address the admin listener binds; default: --host (env CHAT_ADMIN_HOST).")
    String adminHost;

    /** Where threads are kept. */
    enum StoreKind { sqlite, memory, postgres }

    /** What to do with messages a crash left unanswered. */
    enum InterruptedTurns { answer, mark }

    @Option(names = "--store", defaultValue = "${env:CHAT_STORE:-sqlite}",
            description = "Where threads are kept: sqlite (durable, the default), postgres (durable, shared by "
                    + "several nodes: see --database-url) or memory (lost on exit) (env CHAT_STORE).")
    StoreKind store;

    @Option(names = "--database-url", defaultValue = "${env:CHAT_DATABASE_URL}",
            description = "The PostgreSQL database of --store postgres: jdbc:postgresql://HOST:PORT/DB?user=U; "
                    + "the password from env CHAT_DATABASE_PASSWORD, or the URL (env CHAT_DATABASE_URL).")
    String databaseUrl;

    /** How events reach the members on every node. */
    enum BusKind { local, redis, postgres }

    @Option(names = "--bus", defaultValue = "${env:CHAT_BUS}",
            description = "How events reach clients on other nodes: redis (with --redis-url), postgres "
                    + "(LISTEN/NOTIFY on the store's database: stored events only, no live deltas across nodes) or "
                    + "local (one node). Default: redis with --store postgres and a --redis-url, postgres with "
                    + "--store postgres alone, otherwise local (env CHAT_BUS).")
    BusKind bus;

    @Option(names = "--redis-url", defaultValue = "${env:CHAT_REDIS_URL}",
            description = "The Redis of --bus redis: redis://HOST:PORT, or redis://:PASSWORD@HOST:PORT (env "
                    + "CHAT_REDIS_URL).")
    String redisUrl;

    @Option(names = "--node-id", defaultValue = "${env:CHAT_NODE_ID}",
            description = "This node's name in the turn leases it takes; default HOST:PID (env CHAT_NODE_ID).")
    String nodeId;

    @Option(names = "--turn-lease", defaultValue = "${env:CHAT_TURN_LEASE:-10s}",
            converter = DurationConverter.class,
            description = "With --store postgres: how long a node's hold on a running turn lasts without renewal; "
                    + "another node answers the thread of a node that died after this (env CHAT_TURN_LEASE).")
    Duration turnLease;

    @Option(names = "--data-dir", defaultValue = "${env:CHAT_DATA_DIR:-./data}",
            description = "Directory of the SQLite database chat.db (env CHAT_DATA_DIR).")
    Path dataDir;

    @Option(names = "--interrupted-turns", defaultValue = "${env:CHAT_INTERRUPTED_TURNS:-answer}",
            description = "Messages a crash left unanswered, when their thread is next loaded: answer them, or mark "
                    + "them with an empty stopped reply (env CHAT_INTERRUPTED_TURNS).")
    InterruptedTurns interruptedTurns;

    @Option(names = "--session-grace", defaultValue = "${env:CHAT_SESSION_GRACE:-30s}",
            converter = DurationConverter.class,
            description = "How long a thread stays in memory after its last client left, e.g. 30s, 0 (env "
                    + "CHAT_SESSION_GRACE).")
    Duration sessionGrace;

    @Option(names = "--max-message-chars", defaultValue = "${env:CHAT_MAX_MESSAGE_CHARS:-8000}",
            description = "Longest user message in characters (env CHAT_MAX_MESSAGE_CHARS).")
    int maxMessageChars;

    @Option(names = "--max-frame-bytes", defaultValue = "${env:CHAT_MAX_FRAME_BYTES:-65536}",
            description = "Largest inbound WebSocket frame; larger ones close with 1009 (env CHAT_MAX_FRAME_BYTES).")
    int maxFrameBytes;

    @Option(names = "--max-queued-turns", defaultValue = "${env:CHAT_MAX_QUEUED_TURNS:-10}",
            description = "User messages that may wait behind a running turn before 'busy' (env "
                    + "CHAT_MAX_QUEUED_TURNS).")
    int maxQueuedTurns;

    @Option(names = "--workers", defaultValue = "${env:CHAT_WORKERS}",
            description = "Threads that run the chat threads' work: turns, streaming, store reads; default: one "
                    + "less than the cores (at least 1), 32 with --store postgres (env CHAT_WORKERS).")
    Integer workers;

    @Option(names = "--backlog", defaultValue = "${env:CHAT_BACKLOG:-1024}",
            description = "Listen backlog for bursts of connects (env CHAT_BACKLOG).")
    int backlog;

    @Option(names = "--connection-lost-timeout", defaultValue = "${env:CHAT_CONNECTION_LOST_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "Close connections that answer no ping within this time; 0 disables (env "
                    + "CHAT_CONNECTION_LOST_TIMEOUT).")
    Duration connectionLostTimeout;

    @Option(names = "--shutdown-drain", defaultValue = "${env:CHAT_SHUTDOWN_DRAIN:-10s}",
            converter = DurationConverter.class,
            description = "On shutdown, how long running turns may take to finish (env CHAT_SHUTDOWN_DRAIN).")
    Duration shutdownDrain;

    @Option(names = "--auth-secret", defaultValue = "${env:CHAT_AUTH_SECRET}", paramLabel = "SECRET",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "HS256 key (at least 32 bytes) that signs connection tokens; every connection then needs a "
                    + "token. Prefer the env CHAT_AUTH_SECRET: flags show in the process list.")
    String authSecret;

    @Option(names = "--allowed-origins", split = ",", paramLabel = "ORIGIN",
            defaultValue = "${env:CHAT_ALLOWED_ORIGINS:-http://localhost:3002,http://127.0.0.1:3002}",
            description = "Browser origins that may connect, comma-separated; * allows any. Clients that send no "
                    + "Origin are always allowed (env CHAT_ALLOWED_ORIGINS).")
    List<String> allowedOrigins;

    @Option(names = "--max-connections", defaultValue = "${env:CHAT_MAX_CONNECTIONS:-10000}",
            description = "Open connections in total; more are closed with 4429 (env CHAT_MAX_CONNECTIONS).")
    int maxConnections;

    @Option(names = "--max-connections-per-user", defaultValue = "${env:CHAT_MAX_CONNECTIONS_PER_USER:-20}",
            description = "Open connections per userId; more are closed with 4429 (env "
                    + "CHAT_MAX_CONNECTIONS_PER_USER).")
    int maxConnectionsPerUser;

    @Option(names = "--messages-per-second", defaultValue = "${env:CHAT_MESSAGES_PER_SECOND:-5}",
            description = "Sustained user messages per second per connection; faster ones get rate_limited and are "
                    + "not stored (env CHAT_MESSAGES_PER_SECOND).")
    double messagesPerSecond;

    @Option(names = "--message-burst", defaultValue = "${env:CHAT_MESSAGE_BURST:-20}",
            description = "User messages a connection may send at once before the rate applies (env "
                    + "CHAT_MESSAGE_BURST).")
    int messageBurst;

    @Option(names = "--frames-per-second", defaultValue = "${env:CHAT_FRAMES_PER_SECOND:-50}",
            description = "Sustained inbound frames per second per connection, pings included, with bursts of twice "
                    + "that; a faster connection is closed with 4429 (env CHAT_FRAMES_PER_SECOND).")
    double framesPerSecond;

    @Option(names = "--max-pending-bytes", defaultValue = "${env:CHAT_MAX_PENDING_BYTES:-8388608}",
            description = "Outbound bytes that may wait for a client that does not read; past this the connection "
                    + "is closed (1008) (env CHAT_MAX_PENDING_BYTES).")
    long maxPendingBytes;

    @Option(names = "--model", defaultValue = "${env:CHAT_MODEL:-offline}", paramLabel = "offline|openai|anthropic",
            converter = ProviderConverter.class,
            description = "The model that plays the builder: offline (built in, no network), openai (OpenAI, or any "
                    + "OpenAI-compatible server with --base-url: Ollama, vLLM, LM Studio, llama.cpp) or anthropic. "
                    + "Keys come only from the env OPENAI_API_KEY / ANTHROPIC_API_KEY (env CHAT_MODEL).")
    ModelSettings.Provider model;

    @Option(names = "--model-name", defaultValue = "${env:CHAT_MODEL_NAME}", paramLabel = "NAME",
            description = "The provider's model; default " + ModelSettings.DEFAULT_OPENAI_MODEL + " (openai), "
                    + ModelSettings.DEFAULT_ANTHROPIC_MODEL + " (anthropic); required with --base-url (env "
                    + "CHAT_MODEL_NAME).")
    String modelName;

    @Option(names = "--base-url", defaultValue = "${env:CHAT_BASE_URL}", paramLabel = "URL",
            description = "The API's base URL, for OpenAI-compatible servers, e.g. http://localhost:11434/v1 for "
                    + "Ollama; an OPENAI_API_KEY is optional then (env CHAT_BASE_URL).")
    String baseUrl;

    @Option(names = "--temperature", defaultValue = "${env:CHAT_TEMPERATURE}",
            description = "Sampling temperature, 0 to 2; default: the provider's (env CHAT_TEMPERATURE).")
    Double temperature;

    @Option(names = "--model-connect-timeout", defaultValue = "${env:CHAT_MODEL_CONNECT_TIMEOUT:-10s}",
            converter = DurationConverter.class,
            description = "How long connecting to the model provider may take (env CHAT_MODEL_CONNECT_TIMEOUT).")
    Duration modelConnectTimeout;

    @Option(names = "--model-first-token-timeout", defaultValue = "${env:CHAT_MODEL_FIRST_TOKEN_TIMEOUT:-60s}",
            converter = DurationConverter.class,
            description = "How long the model may take to start answering before the call is retried or the turn "
                    + "fails (env CHAT_MODEL_FIRST_TOKEN_TIMEOUT).")
    Duration modelFirstTokenTimeout;

    @Option(names = "--model-idle-timeout", defaultValue = "${env:CHAT_MODEL_IDLE_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description = "How long a started answer may pause before the turn fails (env CHAT_MODEL_IDLE_TIMEOUT).")
    Duration modelIdleTimeout;

    @Option(names = "--model-retries", defaultValue = "${env:CHAT_MODEL_RETRIES:-2}",
            description = "Retries of a model call that failed before its first token with an error a retry can fix "
                    + "(unreachable, 429, 5xx, timeout); never after it started answering (env CHAT_MODEL_RETRIES).")
    int modelRetries;

    @Option(names = "--model-retry-backoff", defaultValue = "${env:CHAT_MODEL_RETRY_BACKOFF:-500ms}",
            converter = DurationConverter.class,
            description = "Wait before the first retry, doubled for each further one (env "
                    + "CHAT_MODEL_RETRY_BACKOFF).")
    Duration modelRetryBackoff;

    @Option(names = "--offline-chunk-delay", defaultValue = "${env:CHAT_OFFLINE_CHUNK_DELAY:-20ms}",
            converter = DurationConverter.class,
            description = "Pause between streamed words of the offline builder model (env "
                    + "CHAT_OFFLINE_CHUNK_DELAY).")
    Duration offlineChunkDelay;

    private ServerOptions options() {
        ServerOptions.Limits limits = new ServerOptions.Limits(maxConnections, maxConnectionsPerUser,
                messagesPerSecond, messageBurst, framesPerSecond, maxPendingBytes);
        ServerOptions.Access access = ServerOptions.Access.defaults()
                .withAuthSecret(authSecret == null || authSecret.isEmpty() ? null : authSecret)
                .withAllowedOrigins(allowedOrigins);
        return new ServerOptions(host, port, maxFrameBytes, backlog, connectionLostTimeout, shutdownDrain, access,
                limits);
    }

    /** Where API keys come from; tests replace it. */
    Function<String, String> env = System::getenv;

    /** Accepts the provider in any case: {@code openai}, {@code OpenAI}. */
    static final class ProviderConverter implements CommandLine.ITypeConverter<ModelSettings.Provider> {
        @Override
        public ModelSettings.Provider convert(String value) {
            for (ModelSettings.Provider p : ModelSettings.Provider.values()) {
                if (p.id().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a model; use offline, openai or "
                    + "anthropic");
        }
    }

    private ModelSettings modelSettings() {
        if (modelRetries < 0) {
            throw new ChatException("--model-retries must be 0 or more: " + modelRetries, false);
        }
        return ModelSettings.resolve(model, modelName, baseUrl, temperature, modelConnectTimeout,
                modelFirstTokenTimeout, modelIdleTimeout, env);
    }

    public static void main(String[] args) {
        LogFormats.fromArgs(args);
        LogRouting.install();
        System.exit(commandLine().execute(args));
    }

    /** The command, with its errors reported in the log format and its enum values (store, bus...) in any case. */
    static CommandLine commandLine() {
        return CommandErrors.install(new CommandLine(new ChatServerCommand())
                .setCaseInsensitiveEnumValuesAllowed(true));
    }

    @Override
    public Integer call() {
        ServerOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            // The (message, cause) form: picocli's five-argument one refuses a null option and value.
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ModelSettings modelSettings = modelSettings();
        StreamingChatModel chatModel = ModelFactory.create(modelSettings, offlineChunkDelay);
        BusKind busKind = checkBackends();
        // First, so that probes get an answer (503, starting) while the store opens and migrates.
        Readiness readiness = new Readiness();
        PrometheusMeterRegistry meters = Meters.prometheus();
        AdminServer admin = AdminServer.start(adminHost != null ? adminHost : host, adminPort, readiness,
                meters::scrape);
        log.info("admin listening on http://{}:{} (/healthz, /readyz, /metrics)", adminHost != null ? adminHost : host,
                admin.port());
        try {
            ThreadStore openedStore = switch (store) {
                case sqlite -> SqliteStore.open(dataDir);
                case postgres -> PostgresStore.open(databaseUrl, System.getenv("CHAT_DATABASE_PASSWORD"));
                case memory -> ThreadStores.inMemory();
            };
            ThreadStore threadStore = new TimedThreadStore(openedStore, meters);
            String storeName = switch (store) {
                case sqlite -> "sqlite " + dataDir.toAbsolutePath().normalize().resolve("chat.db");
                case postgres -> "postgres " + PostgresStore.describe(databaseUrl);
                case memory -> "memory";
            };
            ThreadBus threadBus;
            try {
                threadBus = switch (busKind) {
                    case local -> ThreadBuses.inProcess();
                    case redis -> RedisBus.connect(redisUrl);
                    case postgres -> PostgresBus.connect(databaseUrl, System.getenv("CHAT_DATABASE_PASSWORD"),
                            openedStore);
                };
            } catch (RuntimeException e) {
                threadStore.close();
                throw e;
            }
            String node = nodeId != null ? nodeId : defaultNodeId();
            TurnLock turnLock = store == StoreKind.postgres ? PostgresStore.turnLock(openedStore, node, turnLease)
                    : TurnLocks.inProcess();
            int workerCount = workers != null ? workers
                    : defaultWorkers(store, Runtime.getRuntime().availableProcessors());
            ChatEngine engine;
            try {
                engine = ChatEngine.builder()
                        .bus(threadBus)
                        .observer(new EngineMeters(meters))
                        .turnLock(turnLock)
                        .model(chatModel)
                        .modelIdleTimeout(modelIdleTimeout)
                        .modelFirstTokenTimeout(modelFirstTokenTimeout)
                        .modelRetries(modelRetries, modelRetryBackoff)
                        .store(threadStore)
                        .answerInterruptedTurns(interruptedTurns == InterruptedTurns.answer)
                        .sessionGrace(sessionGrace)
                        .maxMessageChars(maxMessageChars)
                        .maxQueuedTurns(maxQueuedTurns)
                        .workers(workerCount)
                        // A replay waits while a client has this much unsent: well below the cap that drops it.
                        .replay(REPLAY_PAGE_EVENTS, Math.min(MAX_REPLAY_WINDOW_BYTES, maxPendingBytes / 4))
                        .build();
            } catch (IllegalArgumentException e) {
                // An engine setting out of range (--workers 0, --max-message-chars 0): a usage error, and the store
                // and bus opened above are released.
                threadBus.close();
                threadStore.close();
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            ChatServer server = ChatServer.start(options, engine, meters);

            CountDownLatch stopped = new CountDownLatch(1);
            readiness.serving(threadStore, storeName, threadBus);
            Runnable stop = () -> {
                // Readiness fails first, before any connection is refused or closed: the load balancer stops sending.
                readiness.draining();
                ShutdownWatchdog.start(options.shutdownDrain().plus(SHUTDOWN_GRACE), stopped);
                try {
                    server.stop();
                    log.info("stopped");
                } catch (RuntimeException | Error e) {
                    log.error("the server did not stop cleanly", e);
                } finally {
                    stopped.countDown();
                }
            };
            Signals.onTermination(() -> new Thread(stop, "chat-shutdown").start());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stopped.getCount() > 0) {
                    stop.run();
                }
            }, "chat-shutdown-hook"));
            // Only now say so: whoever waits for this line may send SIGTERM at once, and must get a graceful stop.
            log.info("chat-server listening on ws://{}:{} (model: {}, store: {}, bus: {}, node: {}, workers: {})",
                    host, server.port(), modelSettings.describe(), storeName, busKind, node, workerCount);
            if (options.access().authSecret() == null) {
                log.warn("connections are not authenticated: any client can use any userId; set CHAT_AUTH_SECRET "
                        + "(or --auth-secret) to require signed tokens");
            }
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        } finally {
            admin.stop();
        }
    }

    /** The bus to use, once the store, bus and their URLs are known to fit together; usage errors otherwise. */
    private BusKind checkBackends() {
        if (store == StoreKind.postgres && (databaseUrl == null || databaseUrl.isBlank())) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--store postgres needs --database-url (or env CHAT_DATABASE_URL)");
        }
        boolean haveRedis = redisUrl != null && !redisUrl.isBlank();
        BusKind chosen = bus != null ? bus
                : store != StoreKind.postgres ? BusKind.local
                : haveRedis ? BusKind.redis : BusKind.postgres;
        if (chosen != BusKind.local && store != StoreKind.postgres) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bus " + chosen + " is for several "
                    + "nodes, which need a store they share: --store postgres (" + store + " is one node's)");
        }
        if (chosen == BusKind.redis && !haveRedis) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--bus redis needs --redis-url (or env CHAT_REDIS_URL)");
        }
        if (turnLease.compareTo(Duration.ofMillis(100)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--turn-lease must be at least 100ms: " + turnLease);
        }
        return chosen;
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
        return store == StoreKind.postgres ? 32 : Math.max(1, cores - 1);
    }

    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
