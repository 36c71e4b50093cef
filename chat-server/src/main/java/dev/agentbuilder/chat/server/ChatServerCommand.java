package dev.agentbuilder.chat.server;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.EngineDefaults;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.api.ApiServer;
import dev.agentbuilder.chat.server.internal.cli.AccessOptions;
import dev.agentbuilder.chat.server.internal.cli.ApiOptions;
import dev.agentbuilder.chat.server.internal.cli.Backends;
import dev.agentbuilder.chat.server.internal.cli.ClusterOptions;
import dev.agentbuilder.chat.server.internal.cli.ClusterOptions.BusKind;
import dev.agentbuilder.chat.server.internal.cli.CommandErrors;
import dev.agentbuilder.chat.server.internal.cli.EngineOptions;
import dev.agentbuilder.chat.server.internal.cli.KnowledgeOptions;
import dev.agentbuilder.chat.server.internal.cli.LimitOptions;
import dev.agentbuilder.chat.server.internal.cli.ListenOptions;
import dev.agentbuilder.chat.server.internal.cli.ModelOptions;
import dev.agentbuilder.chat.server.internal.cli.OperationsOptions;
import dev.agentbuilder.chat.server.internal.cli.StoreOptions;
import dev.agentbuilder.chat.server.internal.logging.LogFormats;
import dev.agentbuilder.chat.server.internal.logging.LogRouting;
import dev.agentbuilder.chat.server.internal.cli.StoreOptions.StoreKind;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import dev.agentbuilder.chat.server.internal.warmup.Warmup;
import dev.agentbuilder.chat.server.internal.ops.AdminServer;
import dev.agentbuilder.chat.server.internal.ops.EngineMeters;
import dev.agentbuilder.chat.server.internal.ops.Meters;
import dev.agentbuilder.chat.server.internal.ops.Readiness;
import dev.agentbuilder.chat.server.internal.ops.ShutdownWatchdog;
import dev.agentbuilder.chat.server.internal.ops.Signals;
import dev.agentbuilder.chat.server.internal.telemetry.Telemetry;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chat-server}: runs the chat server until SIGTERM or Ctrl-C, then stops gracefully and exits 0. Its options
 * are the mixins', one per concern; {@code --help} lists them in the order each option's {@code order} gives. This
 * class is the composition root: it builds the model, the store and bus, the engine and the server from them.
 *
 * <p>Runs on the main thread, which waits for the stop; the stop runs on {@code chat-shutdown}.
 */
@Command(
        name = "chat-server",
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ListenOptions listen = new ListenOptions();
    @Mixin
    OperationsOptions operations = new OperationsOptions();
    @Mixin
    ApiOptions api = new ApiOptions();
    @Mixin
    StoreOptions store = new StoreOptions();
    @Mixin
    ClusterOptions cluster = new ClusterOptions();
    @Mixin
    EngineOptions engineOptions = new EngineOptions();
    @Mixin
    AccessOptions access = new AccessOptions();
    @Mixin
    LimitOptions limits = new LimitOptions();
    @Mixin
    ModelOptions model = new ModelOptions();
    @Mixin
    KnowledgeOptions knowledge = new KnowledgeOptions();

    /**
     * The standard help options, declared here rather than by {@code mixinStandardHelpOptions}: an option without an
     * {@code order} would be listed before every ordered one, and these come last.
     */
    @Option(names = {"-h", "--help"}, order = 40, usageHelp = true, description = "Show this help message and exit.")
    boolean helpRequested;

    @Option(names = {"-V", "--version"}, order = 41, versionHelp = true,
            description = "Print version information and exit.")
    boolean versionRequested;

    /** Where API keys come from; tests replace it. */
    Function<String, String> env = System::getenv;

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

    /** The server's options; a value out of range is a usage error. */
    ServerOptions options() {
        try {
            ServerOptions.Limits serverLimits = limits.limits();
            ServerOptions.Access serverAccess = access.access();
            return listen.serverOptions(operations.shutdownDrain(), serverAccess, serverLimits);
        } catch (IllegalArgumentException e) {
            // The (message, cause) form: picocli's five-argument one refuses a null option and value.
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        ServerOptions options = options();
        ModelSettings modelSettings = model.settings(env);
        StreamingChatModel chatModel = model.create(modelSettings);
        BusKind busKind = Backends.checkBackends(store, cluster, spec.commandLine());
        Telemetry telemetry = Telemetry.fromEnvironment(env, modelSettings);
        // First, so that probes get an answer (503, starting) while the store opens and migrates.
        Readiness readiness = new Readiness();
        PrometheusMeterRegistry meters = Meters.prometheus();
        String adminHost = operations.adminHost(listen.host());
        AdminServer admin = AdminServer.start(adminHost, operations.adminPort(), readiness, meters::scrape);
        log.info("admin listening on http://{}:{} (/healthz, /readyz, /metrics)", adminHost, admin.port());
        try {
            Backends backends = Backends.open(store, cluster, busKind, meters);
            int workerCount = engineOptions.workers(store.kind());
            warmUp(options);
            ChatEngine engine = engine(backends, chatModel, modelSettings, meters, workerCount, options, telemetry);
            ChatServer server = ChatServer.start(options, engine, meters);
            String apiHost = api.apiHost(listen.host());
            ApiServer apiServer = startApi(apiHost, server, options);
            readiness.serving(backends.store(), backends.storeName(), backends.bus());
            CountDownLatch stopped = stopOnSignal(server, apiServer, readiness, options);
            log.info("API listening on http://{}:{} (docs/api.md, GET /v1/openapi.json)", apiHost, apiServer.port());
            // Only now say so: whoever waits for this line may send SIGTERM at once, and must get a graceful stop.
            log.info("chat-server listening on ws://{}:{} (model: {}, store: {}, bus: {}, node: {}, workers: {})",
                    listen.host(), server.port(), modelSettings.describe(), backends.storeName(), busKind,
                    backends.node(), workerCount);
            if (telemetry.on()) {
                log.info("OpenTelemetry on: {}", telemetry.describe());
            }
            if (!options.access().authenticates()) {
                log.warn("connections are not authenticated: any client can use any userId; set CHAT_AUTH_SECRET "
                        + "(or --auth-secret) or CHAT_AUTH_JWKS_URL (--auth-jwks-url) to require signed tokens");
                log.warn("the HTTP API is not authenticated: it trusts the userId in every request's path and serves "
                        + "any thread to anyone; set CHAT_AUTH_SECRET (or --auth-secret) or CHAT_AUTH_JWKS_URL "
                        + "(--auth-jwks-url) to require signed tokens");
            } else if (options.access().identityProvider() != null) {
                log.info("tokens of the identity provider whose keys are at {} are accepted",
                        options.access().identityProvider().jwksUrl());
            }
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        } finally {
            admin.stop();
            // After the server's stop: the last turns' spans are ended, and are sent now.
            telemetry.close();
        }
    }

    /** The warm-up, unless skipped: the server listens, and says it is ready, only after it. */
    private void warmUp(ServerOptions options) {
        Duration budget = operations.warmup();
        if (budget.isZero() || budget.isNegative()) {
            return;
        }
        log.info("warming up for at most {} ms before listening", budget.toMillis());
        Warmup.Done done = Warmup.run(options, store.kind() == StoreKind.sqlite, budget);
        log.info("warmed up in {} ms: {} turns, {} connections{}", done.took().toMillis(), done.turns(),
                done.connections(), done.complete() ? "" : " (stopped at the time limit)");
    }

    /**
     * The engine on these backends. An engine setting out of range (--workers 0, --max-message-chars 0) is a usage
     * error, and the store and bus are released.
     */
    private ChatEngine engine(Backends backends, StreamingChatModel chatModel, ModelSettings modelSettings,
            PrometheusMeterRegistry meters, int workerCount, ServerOptions options, Telemetry telemetry) {
        ChatEngine.Builder builder = ChatEngine.builder()
                .bus(backends.bus())
                .tracer(telemetry.tracer())
                .observer(new EngineMeters(meters, modelSettings.metricName()))
                .store(backends.store())
                // A replay waits while a client has this much unsent: well below the cap that drops it.
                .replay(EngineDefaults.REPLAY_PAGE_EVENTS,
                        Math.min(EngineDefaults.REPLAY_WINDOW_BYTES, options.limits().maxPendingBytes() / 4));
        model.applyTo(builder, chatModel);
        engineOptions.applyTo(builder, workerCount);
        try {
            knowledge.applyTo(builder);
            if (backends.store().cluster().isPresent()) {
                builder.knowledgeNodeId(backends.node());
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            backends.bus().close();
            backends.store().close();
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** The HTTP API beside the server, on the engine's threads; when it cannot listen, the server is stopped. */
    private ApiServer startApi(String host, ChatServer server, ServerOptions options) {
        try {
            return ApiServer.start(host, api.apiPort(), server.engine().threads(), server.engine().knowledge(),
                    knowledge.maxFileBytes(), server.authenticator(), options.access().allowedOrigins());
        } catch (ChatException e) {
            server.stop();
            throw e;
        }
    }

    /**
     * Stops the server on SIGTERM or Ctrl-C (on {@code chat-shutdown}) or at exit (the shutdown hook), once; the
     * returned latch opens when it has stopped.
     */
    private static CountDownLatch stopOnSignal(ChatServer server, ApiServer apiServer, Readiness readiness,
            ServerOptions options) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            // Readiness fails first, before any connection is refused or closed: the load balancer stops sending.
            readiness.draining();
            ShutdownWatchdog.start(options.shutdownDrain().plus(SHUTDOWN_GRACE), stopped);
            try {
                // The API first: its requests need the engine, which the server's stop shuts down.
                apiServer.stop();
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
        return stopped;
    }
}
