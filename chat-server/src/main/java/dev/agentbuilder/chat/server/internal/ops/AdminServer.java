package dev.agentbuilder.chat.server.internal.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentbuilder.chat.core.ChatException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener, for orchestrators and operators: {@code GET /healthz} (200 while the process runs),
 * {@code GET /readyz} (200 only while {@link Readiness} says so, 503 with the reason in one line otherwise) and
 * {@code GET /metrics} (Prometheus's text format). On the JDK's HTTP server, with a few threads of its own
 * ({@code chat-admin-1} to {@code -4}): nothing here shares a thread with the WebSocket server. A readiness check that
 * waits for the database holds none of them: its answer is written once the check completes, so {@code /healthz}
 * and {@code /metrics} answer at once whatever the database does, within an orchestrator's probe timeout.
 *
 * <p>Thread-safe: requests run on the admin threads; {@link #stop} may be called from any thread.
 */
public final class AdminServer {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** Enough for a probe, a scrape and a person with curl at once; none of them waits on anything slow. */
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private AdminServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts answering.
     *
     * @throws ChatException naming the address when it cannot be bound
     */
    public static AdminServer start(String host, int port, Readiness readiness, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new ChatException("cannot listen for admin requests on " + host + ":" + port + ": "
                    + e.getMessage(), e, false);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "chat-admin-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> answer(exchange, 200, "ok"));
        // The exchange is answered later, back on an admin thread; this one goes back to the pool at once.
        server.createContext("/readyz", exchange -> readiness.check().whenCompleteAsync((verdict, failure) -> {
            if (failure != null) {
                log.warn("the readiness check failed", failure);
                answer(exchange, 503, "the readiness check failed: " + failure);
            } else {
                answer(exchange, verdict.ready() ? 200 : 503, verdict.reason());
            }
        }, executor));
        server.createContext("/metrics", exchange -> answer(exchange, 200, metrics.get(),
                "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/", exchange -> answer(exchange, 404, "not found: /healthz, /readyz, /metrics"));
        server.start();
        return new AdminServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void answer(HttpExchange exchange, int status, String body) {
        answer(exchange, status, body + "\n", "text/plain; charset=utf-8");
    }

    private static void answer(HttpExchange exchange, int status, String body, String contentType) {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                status = 405;
                body = "only GET\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("an admin request failed: {}", e.toString());
        }
    }
}
