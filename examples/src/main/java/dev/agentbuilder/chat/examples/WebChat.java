package dev.agentbuilder.chat.examples;

import com.sun.net.httpserver.HttpServer;
import dev.agentbuilder.chat.examples.internal.StaticSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference web chat's launcher: serves the static pages (HTML, CSS, plain ES modules from
 * {@code src/main/resources/web-chat}) with the JDK's built-in HTTP server. The pages themselves talk to the chat server
 * directly, over WebSocket and (to upload knowledge files) its HTTP API; this server only hands out files.
 *
 * <ul>
 *   <li>{@code GET /}: the home page, the user's agents (their threads);</li>
 *   <li>{@code GET /thread/{threadId}} (any path under {@code /thread/}): a thread's page;</li>
 *   <li>{@code GET /assets/{file}}: one of the pages' own files, with its content type; nothing else on disk or on
 *       the class path can be reached;</li>
 *   <li>any other path: 404; other methods: 405.</li>
 * </ul>
 *
 * <p>Immutable once started; requests are answered on daemon workers named {@code web-chat-http-N}.
 */
public final class WebChat implements AutoCloseable {

    /** Where the page connects unless the URL says otherwise ({@code ?ws=...}). */
    public static final String DEFAULT_WS_URL = "ws://localhost:3004";

    /** The chat server's HTTP API the page uploads knowledge files to, unless the URL says otherwise ({@code ?api=}). */
    public static final String DEFAULT_API_URL = "http://localhost:3006";

    private static final int HTTP_WORKERS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private WebChat(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving; returns once the server listens.
     *
     * @param host  the address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port  the port, 0 for any free one
     * @param wsUrl the chat server the page connects to by default: {@code ws://} or {@code wss://} and a host
     * @throws IllegalArgumentException when {@code wsUrl} is not a WebSocket URL
     * @throws UncheckedIOException     when the address cannot be bound (the message names it)
     */
    public static WebChat start(String host, int port, String wsUrl) {
        return start(host, port, wsUrl, DEFAULT_API_URL);
    }

    /**
     * As {@link #start(String, int, String)}, with the chat server's HTTP API (knowledge files) at {@code apiUrl}.
     *
     * @param apiUrl the chat server's HTTP API by default: {@code http://} or {@code https://} and a host
     * @throws IllegalArgumentException when {@code wsUrl} or {@code apiUrl} is not a URL of its kind
     */
    public static WebChat start(String host, int port, String wsUrl, String apiUrl) {
        StaticSite site = StaticSite.load(wsUrl, apiUrl);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_WORKERS, daemonWorkers());
        server.setExecutor(executor);
        server.createContext("/", site);
        server.start();
        return new WebChat(server, executor);
    }

    /** The port the page is served on (the real one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once and frees the port. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonWorkers() {
        AtomicInteger next = new AtomicInteger(1);
        return runnable -> {
            Thread thread = new Thread(runnable, "web-chat-http-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
