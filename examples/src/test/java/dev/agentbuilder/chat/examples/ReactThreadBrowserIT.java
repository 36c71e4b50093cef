package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import dev.agentbuilder.chat.clients.Npm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The React example (examples/react-thread, the original frontend's thread page on useAgentThread), built by Vite
 * against @agent-chat/client as npm installs it, in Chromium, against the packaged chat server: a reply streams in,
 * the server dies (input off, with the warning), comes back, and the page recovers with every message answered once.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactThreadBrowserIT {

    private static final Path CLIENT = Path.of(System.getProperty("typescript.dir", "../clients/typescript"));
    private static final Path EXAMPLE = Path.of(System.getProperty("react-thread.dir", "react-thread"));
    private static final Pattern LISTENING = Pattern.compile("listening on ws:\\\\?/\\\\?/[^:]+:(\\d+)");

    private HttpServer site;
    private Browser browser;

    @BeforeAll
    void buildAndServeTheExample() throws IOException {
        browser = Browser.startIfInstalled();
        if (browser == null || !Npm.installed()) {
            return; // each test says why it is skipped
        }
        Npm.installIfNeeded(CLIENT);
        Npm.run(CLIENT, Map.of(), Duration.ofMinutes(2), "run", "build");
        // A fresh install every time: install-links copies the client as packed now, not as it was last time.
        Npm.run(EXAMPLE, Map.of(), Duration.ofMinutes(5), "ci", "--no-audit", "--no-fund");
        Npm.run(EXAMPLE, Map.of(), Duration.ofMinutes(3), "run", "build");
        site = SinglePageSite.serve(EXAMPLE.resolve("dist"));
    }

    @BeforeEach
    void needsNodeAndABrowser() {
        Npm.assumeInstalled();
        Browser.assumeInstalled();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.stop(0);
        }
    }

    @Test
    void aReplyStreamsTheServerDiesAndComesBackAndEveryMessageIsAnsweredOnce(@TempDir Path dataDir) throws Exception {
        String origin = "http://127.0.0.1:" + site.getAddress().getPort();
        List<String> serverArgs = List.of("--host", "127.0.0.1", "--admin-port", "0", "--api-port", "0",
                "--data-dir", dataDir.toString(),
                "--allowed-origins", origin, "--offline-chunk-delay", "100ms");
        JarProcess server = startServer(0, serverArgs);
        int port = port(server);
        String wsUrl = "ws://127.0.0.1:" + port;
        try {
            browser.driver.get(origin + "/thread/react-e2e?user=alice&ws=" + wsUrl);
            awaitStatus("connected");
            assertThat(text(".status")).contains("Connected");

            send("I want an agent that helps me plan trips");
            String first = browser.await("a reply streaming in", d -> nonEmpty(".messages li.streaming"));
            browser.await("the reply to grow", d -> text(".messages li.streaming").length() > first.length());
            send("Call it Wanderlust");
            browser.await("the second message stored and waiting its turn",
                    d -> userMessages().contains("Call it Wanderlust") && count(".messages li.pending") == 0);

            server.close(); // SIGKILL, mid-turn
            browser.await("the page to see the server gone", d -> !"connected".equals(status()));
            assertThat(enabled("textarea")).as("input off while the server is unavailable").isFalse();
            assertThat(text(".warning")).contains("unavailable");
            assertThat(enabled("button[type=submit]")).isFalse();
            browser.screenshot("react-thread-server-down");

            server = startServer(port, serverArgs);
            awaitStatus("connected");
            browser.await("both messages answered", d -> count(".messages li.assistant:not(.streaming)") == 2
                    && count(".messages li.streaming") == 0 && count(".messages li.thinking") == 0);
            assertThat(userMessages()).containsExactly("I want an agent that helps me plan trips",
                    "Call it Wanderlust");
            assertThat(text(".draft .name")).isEqualTo("Wanderlust");
            assertThat(count(".warning")).isZero();
            assertThat(count(".error")).as("no message taken for unanswered").isZero();
            assertThat(enabled("textarea")).isTrue();
            browser.screenshot("react-thread-recovered");

            List<JsonObject> stored = ThreadHistory.read(wsUrl, "react-e2e", "alice");
            assertThat(stored).extracting(f -> f.get("seq").getAsLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed()
                            .toList());
            List<JsonObject> messages = stored.stream().filter(f -> f.get("type").getAsString().equals("message"))
                    .map(f -> f.getAsJsonObject("message")).toList();
            assertThat(messages).filteredOn(m -> m.get("role").getAsString().equals("user"))
                    .extracting(m -> m.get("content").getAsString())
                    .as("each message stored once").containsExactly("I want an agent that helps me plan trips",
                            "Call it Wanderlust");
            assertThat(messages).filteredOn(m -> m.get("role").getAsString().equals("assistant"))
                    .extracting(m -> m.get("replyTo").getAsString()).as("each answered once").doesNotHaveDuplicates()
                    .hasSize(2);
            assertThat(browser.<Number>js("return document.querySelectorAll('.messages li').length").intValue())
                    .as("the page shows what was stored, nothing twice").isEqualTo(messages.size());
        } finally {
            server.close();
        }
    }

    private static JarProcess startServer(int port, List<String> args) throws IOException {
        List<String> all = new java.util.ArrayList<>(List.of("--port", String.valueOf(port)));
        all.addAll(args);
        return JarProcess.start("chat.server.jar", all.toArray(String[]::new));
    }

    private static int port(JarProcess server) throws InterruptedException {
        Matcher listening = LISTENING.matcher(server.awaitLine(line -> LISTENING.matcher(line).find()));
        assertThat(listening.find()).isTrue();
        return Integer.parseInt(listening.group(1));
    }

    private void send(String message) {
        browser.driver.findElement(By.cssSelector("textarea")).sendKeys(message);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private boolean enabled(String css) {
        return browser.js("return !document.querySelector(arguments[0]).disabled", css);
    }

    private void awaitStatus(String status) {
        browser.await("status " + status, d -> status.equals(status()));
    }

    // React replaces list items as the state changes: the page is read in one script each time, never through
    // elements found earlier, which may be gone by the time they are read.

    private String status() {
        return browser.js("return document.querySelector('.status')?.dataset.status ?? null");
    }

    private List<String> userMessages() {
        return browser.js("return [...document.querySelectorAll('.messages li.user')].map(li => li.textContent)");
    }

    private int count(String css) {
        return browser.<Number>js("return document.querySelectorAll(arguments[0]).length", css).intValue();
    }

    private String text(String css) {
        return browser.js("return document.querySelector(arguments[0])?.textContent ?? ''", css);
    }

    private String nonEmpty(String css) {
        String text = text(css);
        return text.isEmpty() ? null : text;
    }

    /** A built single-page app: its files by path, and index.html for every other path (the router's routes). */
    private static final class SinglePageSite {

        static HttpServer serve(Path dist) throws IOException {
            Path root = dist.toRealPath();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
                    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                        file = root.resolve("index.html");
                    }
                    byte[] body = Files.readAllBytes(file);
                    exchange.getResponseHeaders().set("Content-Type", contentType(file));
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return server;
        }

        private static String contentType(Path file) {
            String name = file.getFileName().toString();
            if (name.endsWith(".js")) {
                return "text/javascript; charset=utf-8";
            }
            if (name.endsWith(".css")) {
                return "text/css; charset=utf-8";
            }
            return name.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
        }
    }
}
