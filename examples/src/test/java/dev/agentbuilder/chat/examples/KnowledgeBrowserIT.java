package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.examples.ChatPage.Bubble;
import dev.agentbuilder.chat.examples.KnowledgePanel.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * An agent's knowledge files in the web chat, in a real headless Chromium, against the packaged chat server (its
 * WebSocket and its HTTP API, where the page uploads) and the real launcher: files chosen in the draft panel become
 * ready, the preview answers from them with its sources, and a file the server refuses is explained and changes
 * nothing. Each test has its own thread.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KnowledgeBrowserIT {

    private static final String USER = "knowledge-user";
    private static final Pattern WS_LISTENING = Pattern.compile("listening on ws:\\\\?/\\\\?/[^:]+:(\\d+)");
    private static final Pattern API_LISTENING = Pattern.compile("API listening on http:\\\\?/\\\\?/[^:]+:(\\d+)");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private final HttpClient http = HttpClient.newHttpClient();
    private Browser browser;
    private WebChat webChat;
    private JarProcess server;
    private String wsUrl;
    private String apiUrl;
    private Path handbook;
    private Path packingList;

    @BeforeAll
    void start() throws Exception {
        browser = Browser.startIfInstalled();
        if (browser == null) {
            return; // each test says why it is skipped
        }
        webChat = WebChat.start("127.0.0.1", 0, WebChat.DEFAULT_WS_URL);
        server = JarProcess.start("chat.server.jar", "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
                "--api-port", "0", "--data-dir", dataDir.toString(),
                "--allowed-origins", "http://127.0.0.1:" + webChat.port(), "--offline-chunk-delay", "30ms");
        String[] ports = new String[2];
        server.awaitLine(line -> {
            Matcher api = API_LISTENING.matcher(line);
            Matcher ws = WS_LISTENING.matcher(line);
            if (api.find()) {
                ports[1] = api.group(1);
            } else if (ws.find()) {
                ports[0] = ws.group(1);
            }
            return ports[0] != null && ports[1] != null;
        });
        wsUrl = "ws://127.0.0.1:" + ports[0];
        apiUrl = "http://127.0.0.1:" + ports[1];
        handbook = copy("staff-handbook.pdf");
        packingList = copy("packing-list.md");
    }

    @BeforeEach
    void needsABrowser() {
        Browser.assumeInstalled();
    }

    @AfterAll
    void stop() {
        try (JarProcess s = server; WebChat w = webChat; Browser b = browser) {
            // closed in reverse order, each even if another fails
        }
    }

    @Test
    void aPdfAndAMarkdownFileChosenInThePanelBecomeReadyAndThePreviewAnswersFromThePdfNamingIt() throws Exception {
        ChatPage page = open("knowledge-answers");
        KnowledgePanel knowledge = new KnowledgePanel(browser);

        knowledge.choose(handbook, packingList);
        Map<String, Row> rows = knowledge.awaitFiles("ready", "staff-handbook.pdf", "packing-list.md");
        assertThat(rows.get("staff-handbook.pdf").meta()).contains("PDF").contains("Ready");
        assertThat(rows.get("packing-list.md").meta()).contains("Markdown").contains("Ready");
        assertThat(knowledge.limits()).startsWith("2 of ");
        assertThat(filesOnTheServer("knowledge-answers"))
                .containsExactlyInAnyOrder("staff-handbook.pdf", "packing-list.md");

        DraftPanel draft = page.draftPanel();
        draft.toggleCapability("file_search").awaitCapabilities(List.of("file_search"));
        page.selectTab("preview");
        watchForSourcesWhileStreaming();
        page.send("How many days of paid leave does an employee get per year?");

        List<Bubble> preview = page.awaitPreviewSettled(1);
        assertThat(preview.get(1).text()).as("the answer, which only the PDF holds").contains("27");
        List<Map<String, Object>> sources = browser.js("""
                return [...document.querySelectorAll('#preview-messages li[data-role=assistant] .source')].map(s => ({
                  file: s.querySelector('.source-file').textContent,
                  text: s.querySelector('.source-text').textContent}));
                """);
        assertThat(sources).isNotEmpty();
        assertThat(sources.get(0)).containsEntry("file", "staff-handbook.pdf");
        assertThat((String) sources.get(0).get("text")).contains("27 days of paid leave");
        assertThat(browser.<Boolean>js("return window.sourcesWhileStreaming === true"))
                .as("the sources shown while the reply streamed, from its first delta").isTrue();

        browser.driver.findElement(By.cssSelector("#preview-messages .source summary")).click();
        browser.screenshot("web-chat-knowledge");
    }

    @Test
    void aFileTheServerRefusesIsExplainedInItsWordsAndChangesNothing() throws Exception {
        ChatPage page = open("knowledge-refused");
        KnowledgePanel knowledge = new KnowledgePanel(browser);
        knowledge.choose(packingList).awaitFiles("ready", "packing-list.md");
        int version = page.draftPanel().version();
        Path empty = Files.write(files.resolve("empty.txt"), new byte[0]);

        knowledge.choose(empty);
        String error = knowledge.awaitError();

        JsonObject refusal = upload("knowledge-refused", "empty.txt", new byte[0]);
        assertThat(refusal.get("code").getAsString()).isEqualTo("unreadable_file");
        assertThat(error).isEqualTo("empty.txt was not added: " + refusal.get("message").getAsString());
        assertThat(knowledge.rows()).extracting(Row::name, Row::status)
                .containsExactly(Tuple.tuple("packing-list.md", "ready"));
        assertThat(page.draftPanel().version()).as("no new version of the draft").isEqualTo(version);
        assertThat(filesOnTheServer("knowledge-refused")).containsExactly("packing-list.md");
    }

    @Test
    void removeTakesAFileOutOfThePanelAndOffTheServer() throws Exception {
        open("knowledge-removed");
        KnowledgePanel knowledge = new KnowledgePanel(browser);
        knowledge.choose(handbook, packingList).awaitFiles("ready", "staff-handbook.pdf", "packing-list.md");

        knowledge.remove("staff-handbook.pdf");

        knowledge.awaitFiles("ready", "packing-list.md");
        assertThat(knowledge.error()).isNull();
        assertThat(filesOnTheServer("knowledge-removed")).containsExactly("packing-list.md");
    }

    private ChatPage open(String thread) {
        return ChatPage.open(browser, "http://127.0.0.1:" + webChat.port() + "/thread/" + thread + "?user=" + USER
                + "&ws=" + wsUrl + "&api=" + apiUrl).awaitStatus("connected");
    }

    /** From outside the page: whether a preview reply ever showed its sources while it was still streaming. */
    private void watchForSourcesWhileStreaming() {
        browser.js("""
                window.sourcesWhileStreaming = false;
                new MutationObserver(() => {
                  if (document.querySelector('#preview-messages li[data-state=streaming] .sources')) {
                    window.sourcesWhileStreaming = true;
                  }
                }).observe(document.getElementById('preview-messages'),
                    { subtree: true, childList: true, attributes: true });
                """);
    }

    /** The names of the thread's files, as the HTTP API lists them. */
    private List<String> filesOnTheServer(String thread) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/threads/" + thread + "/files"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("files").asList().stream()
                .map(JsonElement::getAsJsonObject).map(f -> f.get("name").getAsString()).toList();
    }

    /** Uploads {@code bytes} as the page would, and returns the refusal's {@code error} object. */
    private JsonObject upload(String thread, String name, byte[] bytes) throws IOException, InterruptedException {
        String boundary = "knowledge-it-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/threads/" + thread + "/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error");
    }

    private URI uri(String path) {
        try {
            return new URI(apiUrl + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Path copy(String resource) throws IOException {
        try (var in = KnowledgeBrowserIT.class.getResourceAsStream("/knowledge/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Path file = files.resolve(resource);
            Files.copy(in, file);
            return file;
        }
    }
}
