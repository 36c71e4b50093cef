package dev.agentbuilder.chat.server.internal.api;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.ThreadCatalog;
import dev.agentbuilder.chat.core.ThreadKnowledge;
import io.javalin.config.SizeUnit;
import dev.agentbuilder.chat.server.internal.auth.Authenticator;
import dev.agentbuilder.chat.server.internal.auth.OriginPolicy;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.util.JavalinException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API for backends and scripts (docs/api.md): a user's threads listed, searched and paged, a thread's
 * metadata, events and exported draft, renaming and deleting, and the OpenAPI document of it all. A listener of its
 * own, beside the WebSocket and the admin listener: Javalin on Jetty, whose threads ({@code chat-api-N}) read requests
 * and write answers; the engine's work runs on the engine's workers, and nothing here touches the WebSocket's threads.
 *
 * <p>Thread-safe: requests run on the API's threads; {@link #stop} may be called from any thread.
 */
public final class ApiServer {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Enough for scripts and backends: each request holds a thread only to read it and to write the answer. */
    private static final int MAX_THREADS = 16;
    private static final int MIN_THREADS = 2;
    private static final int IDLE_MILLIS = 60_000;
    /** On stop, how long requests in flight may take to be answered. */
    private static final long STOP_TIMEOUT_MILLIS = 2_000;
    /**
     * On stop, how long an idle kept-alive connection stays open: it has no request to finish (Jetty's default, 1 s,
     * would hold every stop for a second as soon as any client keeps a connection).
     */
    private static final long SHUTDOWN_IDLE_MILLIS = 50;
    private static final String OPENAPI_RESOURCE = "openapi.json";

    private final Javalin app;
    private final boolean authenticated;

    private ApiServer(Javalin app, boolean authenticated) {
        this.app = app;
        this.authenticated = authenticated;
    }

    /**
     * Binds and starts answering; returns once it listens.
     *
     * @param port           0 for any free port ({@link #port()} says which)
     * @param authenticator  the server's token checks, shared with the WebSocket (its owner closes it); null when
     *                       authentication is off, and the API then trusts every request
     * @param allowedOrigins the browser origins let in, as for the WebSocket ({@code *} for any)
     * @throws ChatException naming the address when it cannot be bound
     */
    public static ApiServer start(String host, int port, ThreadCatalog catalog, ThreadKnowledge knowledge,
            long maxFileBytes, Authenticator authenticator, List<String> allowedOrigins) {
        byte[] openApi = openApiDocument();
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_MILLIS);
        threads.setName("chat-api");
        OnJetty onJetty = new OnJetty(threads);
        FileRoutes files = new FileRoutes(knowledge, maxFileBytes, onJetty);
        Gate gate = new Gate(new OriginPolicy(allowedOrigins), authenticator, onJetty, files.maxUploadBytes());
        ThreadRoutes routes = new ThreadRoutes(catalog, onJetty);
        Javalin app = Javalin.create(config -> {
            config.jetty.addConnector((server, http) -> connector(server, http, host, port));
            configure(config, threads, gate, routes, openApi);
            configureFiles(config, gate, files);
        });
        try {
            app.start();
        } catch (JavalinException | IllegalStateException e) {
            stopQuietly(app);
            throw new ChatException("could not listen for API requests on " + host + ":" + port + ": "
                    + e.getMessage(), e, false);
        }
        return new ApiServer(app, authenticator != null);
    }

    private static void configure(JavalinConfig config, QueuedThreadPool threads, Gate gate, ThreadRoutes routes,
            byte[] openApi) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.startup.startupWatcherEnabled = false;
        config.jetty.threadPool = threads;
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new JsonErrorHandler());
            server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        });
        config.http.maxRequestSize = Gate.MAX_BODY_BYTES;
        config.http.defaultContentType = ThreadRoutes.JSON;
        // A known path with a method it does not take is a 405 (with Allow), not a 404.
        config.http.prefer405over404 = true;
        config.routes.before(gate::admit);
        for (String path : new String[] {"/v1/users/{userId}/threads", "/v1/threads/{threadId}",
                "/v1/threads/{threadId}/events", "/v1/threads/{threadId}/agent", Gate.OPENAPI_PATH}) {
            config.routes.options(path, gate::options);
        }
        config.routes.get("/v1/users/{userId}/threads", routes::list);
        config.routes.get("/v1/threads/{threadId}", routes::thread);
        config.routes.patch("/v1/threads/{threadId}", routes::rename);
        config.routes.delete("/v1/threads/{threadId}", routes::delete);
        config.routes.get("/v1/threads/{threadId}/events", routes::events);
        config.routes.get("/v1/threads/{threadId}/agent", routes::agent);
        config.routes.get(Gate.OPENAPI_PATH, ctx -> openApi(ctx, openApi));
        ErrorAnswers.install(config.routes);
    }

    /** The knowledge files' routes; an upload is read as it streams, and refused as soon as it passes the limit. */
    private static void configureFiles(JavalinConfig config, Gate gate, FileRoutes files) {
        config.jetty.multipartConfig.maxFileSize(files.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(files.maxUploadBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
        for (String path : new String[] {Gate.FILES_PATH, "/v1/threads/{threadId}/files/{fileId}",
                "/v1/threads/{threadId}/files/{fileId}/content"}) {
            config.routes.options(path, gate::options);
        }
        config.routes.post(Gate.FILES_PATH, files::upload);
        config.routes.get(Gate.FILES_PATH, files::list);
        config.routes.get("/v1/threads/{threadId}/files/{fileId}/content", files::content);
        config.routes.delete("/v1/threads/{threadId}/files/{fileId}", files::remove);
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_MILLIS);
        return connector;
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** Whether requests need a token. */
    public boolean authenticated() {
        return authenticated;
    }

    /**
     * Stops listening; requests in flight get up to 2 s to be answered. Never throws (a failure is logged);
     * idempotent.
     */
    public void stop() {
        stopQuietly(app);
    }

    private static void stopQuietly(Javalin app) {
        try {
            app.stop();
        } catch (RuntimeException e) {
            log.warn("the API listener did not stop cleanly", e);
        }
    }

    private static void openApi(Context ctx, byte[] document) {
        ctx.status(200).contentType(ThreadRoutes.JSON).result(document);
    }

    /** docs/openapi.json, which the build copies beside this class: the one source of the document. */
    private static byte[] openApiDocument() {
        try (InputStream in = ApiServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing beside " + ApiServer.class.getName()
                        + ": the build copies it from docs/");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
