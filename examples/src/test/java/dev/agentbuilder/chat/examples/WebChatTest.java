package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class WebChatTest {

    private static final Pattern PAGE_SCRIPT =
            Pattern.compile("<script type=\"module\" src=\"/assets/([a-z-]+\\.js)\"");
    /** A static import (or re-export) statement, not a comment that shows one, over as many lines as it takes. */
    private static final Pattern MODULE_IMPORT =
            Pattern.compile("(?m)^(?:import|export)\\s+(?:[^;]*?\\s+from\\s+)?\"\\./((?:client/)?[a-z][a-z0-9-]*"
                    + "\\.js)\";");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private WebChat webChat;

    @BeforeEach
    void start() {
        webChat = WebChat.start("127.0.0.1", 0, "ws://127.0.0.1:4444");
    }

    @AfterEach
    void stop() {
        webChat.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webChat.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request line as written: no client library gets a chance to normalise the path. */
    private String raw(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", webChat.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/thread/demo", "/thread/e2e-1?user=alice", "/thread/", "/thread/a/b/c"})
    void anyPathUnderThreadServesThePage(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'");
        assertThat(response.body()).contains("<script type=\"module\" src=\"/assets/app.js\"></script>");
    }

    @ParameterizedTest
    @CsvSource({
        "/assets/app.js, text/javascript; charset=utf-8, service.connect()",
        "/assets/draft.js, text/javascript; charset=utf-8, export function renderDraft",
        "/assets/client/client.js, text/javascript; charset=utf-8, export class ChatClient",
        "/assets/client/thread-list.js, text/javascript; charset=utf-8, export class ThreadList",
        "/assets/threads.js, text/javascript; charset=utf-8, export function mountThreads",
        "/assets/style.css, text/css; charset=utf-8, .status-connected",
        "/assets/favicon.svg, image/svg+xml, <svg",
    })
    void assetsAreServedWithTheirContentTypes(String path, String contentType, String content) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).contains(content);
    }

    /**
     * The pages' modules (the home page's and a thread page's), each with the ones it imports, fetched as the browser
     * does: from each page's script on.
     */
    private Map<String, List<String>> pageModules() throws Exception {
        Deque<String> toFetch = new ArrayDeque<>();
        for (String page : List.of("/", "/thread/demo")) {
            Matcher script = PAGE_SCRIPT.matcher(get(page).body());
            assertThat(script.find()).as("the module script of %s", page).isTrue();
            toFetch.add(script.group(1));
        }
        Map<String, List<String>> modules = new LinkedHashMap<>();
        while (!toFetch.isEmpty()) {
            String name = toFetch.pop();
            if (modules.containsKey(name)) {
                continue;
            }
            HttpResponse<String> response = get("/assets/" + name);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(name)
                    .hasValue("text/javascript; charset=utf-8");
            List<String> imported = new ArrayList<>();
            Matcher imports = MODULE_IMPORT.matcher(response.body());
            // Relative to the importing module's folder: client/index.js imports ./client.js, client/client.js.
            String folder = name.substring(0, name.lastIndexOf('/') + 1);
            while (imports.find()) {
                imported.add(folder + imports.group(1));
            }
            modules.put(name, imported);
            toFetch.addAll(imported);
        }
        return modules;
    }

    @Test
    void everyModuleOfThePageIsServedAndImported() throws Exception {
        Set<String> packaged;
        Path assets = Path.of(WebChat.class.getResource("/web-chat/assets").toURI());
        try (Stream<Path> files = Files.walk(assets)) {
            packaged = new HashSet<>(files.map(file -> assets.relativize(file).toString())
                    .filter(name -> name.endsWith(".js")).toList());
        }
        // Served, each one, and none left over: a module missing from StaticSite's list would break the page.
        assertThat(pageModules().keySet()).containsExactlyInAnyOrderElementsOf(packaged);
    }

    @Test
    void thePagesModulesImportEachOtherWithoutACycle() throws Exception {
        Map<String, List<String>> modules = pageModules();
        for (String module : modules.keySet()) {
            Set<String> reached = new HashSet<>();
            Deque<String> next = new ArrayDeque<>(modules.get(module));
            while (!next.isEmpty()) {
                String imported = next.pop();
                if (reached.add(imported)) {
                    next.addAll(modules.get(imported));
                }
            }
            assertThat(reached).as("the modules %s imports, directly or through others", module)
                    .doesNotContain(module);
        }
    }

    @Test
    void theConfigPointsThePageAtTheLaunchersChatServer() throws Exception {
        HttpResponse<String> response = get("/assets/config.js");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(response.body()).contains("export const config").contains("wsUrl: \"ws://127.0.0.1:4444\"")
                .contains("apiUrl: \"" + WebChat.DEFAULT_API_URL + "\"");
    }

    @Test
    void theConfigPointsThePageAtTheLaunchersApi() throws Exception {
        try (WebChat other = WebChat.start("127.0.0.1", 0, "ws://127.0.0.1:4444", "https://chat.example.com/api")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + other.port() + "/assets/config.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).contains("apiUrl: \"https://chat.example.com/api\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://localhost:3006", "localhost:3006", "http://", "http://a\"b", "http://a?x=1"})
    void anApiUrlThatIsNotOneIsRefusedWithTheValue(String bad) {
        assertThatThrownBy(() -> WebChat.start("127.0.0.1", 0, WebChat.DEFAULT_WS_URL, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/?user=alice&ws=ws://127.0.0.1:4444"})
    void theRootServesTheHomePage(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'");
        assertThat(response.body()).contains("<script type=\"module\" src=\"/assets/home.js\"></script>")
                .contains("<title>Your agents · Agent builder chat</title>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/thread", "/assets/", "/assets/App.js", "/assets/index.html", "/home.html",
        "/web-chat/index.html", "/assets/missing.js", "/dev/agentbuilder/chat/examples/WebChat.class"})
    void unknownPathsAre404(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/assets/../../../../etc/passwd",
        "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..\\..\\..\\..\\etc\\passwd",
        "/assets/%252e%252e/pom.xml",
        "/assets/../web-chat/index.html",
        "/assets/./app.js/../../../examples/WebChat.class",
        "/../../../../etc/passwd",
        "//etc/passwd",
        "/assets//etc/passwd",
        "/assets/app.js%00.css",
    })
    void traversalReachesNothingButANotFoundOrBadRequest(String target) throws IOException {
        String response = raw("GET", target);
        // A backslash is not legal in a URI: the JDK's server answers 400 before any handler runs.
        assertThat(response).matches("(?s)HTTP/1\\.1 (404 Not Found|400 Bad Request).*")
                .doesNotContain("root:").doesNotContain("<project").doesNotContain("import {");
    }

    @Test
    void traversalUnderThreadOnlyEverGetsThePage() throws IOException {
        String response = raw("GET", "/thread/../../../../etc/passwd");
        assertThat(response).startsWith("HTTP/1.1 200").contains("<title>Agent builder chat</title>")
                .doesNotContain("root:");
    }

    @Test
    void headAnswersWithoutABody() throws IOException {
        String response = raw("HEAD", "/assets/app.js");
        assertThat(response).startsWith("HTTP/1.1 200").contains("text/javascript");
        assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void otherMethodsAre405(String method) throws IOException {
        String response = raw(method, "/thread/demo");
        assertThat(response).startsWith("HTTP/1.1 405").containsIgnoringCase("Allow: GET, HEAD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3004", "localhost:3004", "ws://", "ws://a\"b", "ws://a b"})
    void aWsUrlThatIsNotOneIsRefusedWithTheValue(String bad) {
        assertThatThrownBy(() -> WebChat.start("127.0.0.1", 0, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad);
    }

    @Test
    void aPortInUseIsNamedInTheError() {
        assertThatThrownBy(() -> WebChat.start("127.0.0.1", webChat.port(), WebChat.DEFAULT_WS_URL))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + webChat.port());
    }
}
