package dev.agentbuilder.chat.examples.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web chat's routes over a fixed set of files read once from the class path. A request can only ever name one of
 * these files by its exact name, so no path (encoded dots, slashes, backslashes) reaches the disk or the rest of the
 * class path: directory traversal has nothing to walk.
 *
 * <p>Immutable after {@link #load}; {@link #handle} runs on any of the HTTP server's threads at once.
 */
public final class StaticSite implements HttpHandler {

    private static final System.Logger log = System.getLogger(StaticSite.class.getName());

    private static final String ROOT = "/web-chat/";
    /**
     * The pages' ES modules (app.js, the thread page's, and home.js, the home page's, import the others), their style
     * and icon; config.js is generated.
     */
    private static final List<String> ASSETS = List.of(
            "app.js", "agent.js", "changes.js", "channels.js", "composer.js", "draft.js", "editors.js", "errors.js",
            "exports.js", "history.js", "preview.js", "session.js", "status.js", "streams.js", "transcript.js",
            "turns.js", "home.js", "identity.js", "indicator.js", "sidebar.js", "threads.js", "thread-row.js",
            "knowledge-panel.js", "sources.js", "tokens.js", "style.css", "favicon.svg");
    /** The modules of @agent-chat/client (clients/typescript/src, copied by the build) that the page imports. */
    private static final List<String> CLIENT_MODULES = List.of(
            "index.js", "backoff.js", "client.js", "closes.js", "emitter.js", "frames.js", "ids.js", "knowledge.js",
            "limits.js", "listing.js", "open-turns.js", "outbox.js", "quota.js", "socket.js", "state.js", "thread.js",
            "thread-list.js", "tracker.js");
    /** Checked on the raw (still percent-encoded) path: one plain file name, nothing that could be decoded. */
    private static final Pattern ASSET_PATH =
            Pattern.compile("/assets/((?:client/)?[a-z][a-z0-9-]*\\.(?:js|css|svg))");
    private static final Pattern WS_URL = Pattern.compile("wss?://[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]+");
    private static final Pattern API_URL = Pattern.compile("https?://[A-Za-z0-9._~:/@!$&()*+,;=%-]+");

    // The page loads only its own files and talks to any chat server, over WebSocket and (knowledge files) HTTP: the
    // chat server's host is configurable, and ?ws= and ?api= may name another one on the page's own host
    // (identity.js refuses the rest).
    private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss: http: https:; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, Asset> assets;
    private final Asset page;
    private final Asset home;
    private final Asset notFound;

    private StaticSite(Map<String, Asset> assets, Asset page, Asset home) {
        this.assets = assets;
        this.page = page;
        this.home = home;
        this.notFound = new Asset("<!doctype html><title>Not found</title><p>Not found. Your agents are at "
                + "<a href=\"/\">the home page</a>.</p>\n", "text/html; charset=utf-8");
    }

    /**
     * Reads the page's files from the class path, with {@code config.js} pointing at {@code wsUrl} (the WebSocket)
     * and {@code apiUrl} (the chat server's HTTP API, for knowledge files).
     *
     * @throws IllegalArgumentException when {@code wsUrl} is not a {@code ws://} or {@code wss://} URL, or
     *                                  {@code apiUrl} not an {@code http://} or {@code https://} one
     */
    public static StaticSite load(String wsUrl, String apiUrl) {
        if (wsUrl == null || !WS_URL.matcher(wsUrl).matches()) {
            throw new IllegalArgumentException("the WebSocket URL must start with ws:// or wss://: " + wsUrl);
        }
        if (apiUrl == null || !API_URL.matcher(apiUrl).matches()) {
            throw new IllegalArgumentException("the API URL must start with http:// or https://, with no query: "
                    + apiUrl);
        }
        Map<String, Asset> assets = new HashMap<>();
        for (String name : ASSETS) {
            assets.put(name, new Asset(read("assets/" + name), contentType(name)));
        }
        for (String name : CLIENT_MODULES) {
            assets.put("client/" + name, new Asset(read("assets/client/" + name), contentType(name)));
        }
        // Generated rather than read (the packaged config.js is for serving the folder with any static server), so
        // the launcher's --ws-url and --api-url need no edit of a file inside the jar.
        assets.put("config.js", new Asset(("// Generated by the web chat launcher (--ws-url, --api-url).\n"
                + "export const config = Object.freeze({ wsUrl: \"" + wsUrl + "\", apiUrl: \"" + apiUrl + "\" });\n")
                .getBytes(StandardCharsets.UTF_8), contentType("config.js")));
        return new StaticSite(Map.copyOf(assets), new Asset(read("index.html"), contentType("index.html")),
                new Asset(read("home.html"), contentType("home.html")));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange);
        } catch (IOException e) {
            // The browser went away mid-response; nothing to answer.
            log.log(System.Logger.Level.DEBUG, "response not sent: {0}", e.getMessage());
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "failed to answer " + exchange.getRequestURI().getRawPath(), e);
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, new Asset("method not allowed\n", "text/plain; charset=utf-8"), head);
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/")) {
            send(exchange, 200, home, head);
            return;
        }
        if (path.startsWith("/thread/")) {
            // The page reads and checks the thread id itself, and says so when it is not a valid one.
            send(exchange, 200, page, head);
            return;
        }
        Matcher asset = ASSET_PATH.matcher(path);
        Asset found = asset.matches() ? assets.get(asset.group(1)) : null;
        if (found != null) {
            send(exchange, 200, found, head);
        } else {
            send(exchange, 404, notFound, head);
        }
    }

    private static void send(HttpExchange exchange, int status, Asset asset, boolean head) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", asset.contentType());
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        if (asset.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", CSP);
        }
        boolean empty = head || asset.bytes().length == 0;
        exchange.sendResponseHeaders(status, empty ? -1 : asset.bytes().length);
        if (!empty) {
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(asset.bytes());
            }
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticSite.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the web chat's file " + ROOT + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ROOT + name, e);
        }
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }

    /** One file's bytes and how to label them. */
    private record Asset(byte[] bytes, String contentType) {
        Asset(String text, String contentType) {
            this(text.getBytes(StandardCharsets.UTF_8), contentType);
        }
    }
}
