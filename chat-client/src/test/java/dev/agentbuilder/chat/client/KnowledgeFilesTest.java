package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.agentbuilder.chat.protocol.WireFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link KnowledgeFiles} against a real HTTP server on 127.0.0.1 that records each request and answers as told. */
@Timeout(30)
class KnowledgeFilesTest {

    private static final String FILE_JSON = "{\"fileId\":\"f-3b9c\",\"name\":\"handbook.pdf\",\"size\":11,"
            + "\"type\":\"application/pdf\",\"status\":\"indexing\"}";

    /** A request as the server received it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private final HttpServer server = start();

    @TempDir
    Path dir;

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                byte[] out = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, status == 204 ? -1 : out.length);
                if (status != 204) {
                    exchange.getResponseBody().write(out);
                }
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private KnowledgeFiles knowledge() {
        return KnowledgeFiles.builder().apiUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/").build();
    }

    private void answer(int status, String body) {
        this.status = status;
        this.answer = body;
    }

    private Received next() throws InterruptedException {
        Received request = received.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("a request").isNotNull();
        return request;
    }

    @Test
    void anUploadIsOneMultipartPartNamedFileWithTheFilesNameAndExactBytes() throws Exception {
        // Bytes that look like a part's end and a boundary must come through untouched.
        byte[] bytes = "%PDF\r\n--x\r\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("handbook.pdf"), bytes);
        answer(201, "{\"file\":" + FILE_JSON + "}");

        WireFile uploaded = knowledge().upload("t1", file).join();

        assertThat(uploaded).isEqualTo(new WireFile("f-3b9c", "handbook.pdf", 11, "application/pdf", "indexing",
                null));
        Received request = next();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/threads/t1/files");
        Part part = onlyPart(request);
        assertThat(part.headers()).containsExactly(
                "Content-Disposition: form-data; name=\"file\"; filename=\"handbook.pdf\"",
                "Content-Type: application/octet-stream");
        assertThat(part.content()).isEqualTo(bytes);
    }

    @Test
    void aFileNameIsEscapedAsBrowsersDoAndSentInUtf8() throws Exception {
        Path file = Files.writeString(dir.resolve("Ünïcode \"notes\".md"), "# Notes");
        answer(201, "{\"file\":" + FILE_JSON + "}");

        knowledge().upload("t1", file).join();

        assertThat(onlyPart(next()).headers()).first().isEqualTo(
                "Content-Disposition: form-data; name=\"file\"; filename=\"Ünïcode %22notes%22.md\"");
    }

    @Test
    void aListReadsEveryFileWithItsStatusAndError() throws Exception {
        answer(200, "{\"files\":[" + FILE_JSON.replace("indexing", "ready") + ",{\"fileId\":\"f-2\",\"name\":"
                + "\"scan.pdf\",\"size\":5,\"type\":\"application/pdf\",\"status\":\"failed\",\"error\":\"no text\"}]}");

        List<WireFile> files = knowledge().list("t1").join();

        assertThat(files).extracting(WireFile::name, WireFile::status, WireFile::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("handbook.pdf", "ready", null),
                org.assertj.core.groups.Tuple.tuple("scan.pdf", "failed", "no text"));
        Received request = next();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v1/threads/t1/files");
    }

    @Test
    void aRemovalIsADeleteOfTheFileAndCompletesOnNoContent() throws Exception {
        answer(204, "");

        knowledge().remove("t1", "f-3b9c").join();

        Received request = next();
        assertThat(request.method()).isEqualTo("DELETE");
        assertThat(request.path()).isEqualTo("/v1/threads/t1/files/f-3b9c");
    }

    @Test
    void aTokenGoesInTheAuthorizationHeader() throws Exception {
        answer(200, "{\"files\":[]}");

        KnowledgeFiles.builder().apiUrl("http://127.0.0.1:" + server.getAddress().getPort()).token("abc.def-1")
                .build().list("t1").join();

        assertThat(next().header("Authorization")).isEqualTo("Bearer abc.def-1");
    }

    @Test
    void theServersErrorArrivesWithItsCodeMessageAndStatus() {
        answer(409, "{\"error\":{\"code\":\"too_many_files\",\"message\":\"The agent has 20 files already.\"}}");

        ApiRequestException failed = failure(knowledge().list("t1"), ApiRequestException.class);

        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.code()).isEqualTo("too_many_files");
        assertThat(failed.getMessage()).isEqualTo("The agent has 20 files already.");
        assertThat(failed.retriable()).isFalse();
    }

    @Test
    void anAnswerThatIsNotTheApisSaysSoWithItsStatusAndBeginning() {
        answer(502, "<html><body>Bad Gateway</body></html>");

        ApiRequestException failed = failure(knowledge().list("t1"), ApiRequestException.class);

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.code()).isEqualTo(ApiRequestException.UNEXPECTED_RESPONSE);
        assertThat(failed.getMessage()).startsWith("HTTP 502: <html><body>Bad Gateway");
        assertThat(failed.retriable()).isTrue();
    }

    @Test
    void aSuccessWhoseBodyIsNotAFileIsAnUnexpectedResponse() {
        answer(201, "{\"ok\":true}");
        Path file = write("notes.md", "# Notes");

        assertThat(failure(knowledge().upload("t1", file), ApiRequestException.class).code())
                .isEqualTo(ApiRequestException.UNEXPECTED_RESPONSE);
    }

    @Test
    void aServerThatIsNotThereFailsWithTheConnectException() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        KnowledgeFiles nowhere = KnowledgeFiles.builder().apiUrl("http://127.0.0.1:" + port).build();

        failure(nowhere.list("t1"), ConnectException.class);
    }

    @Test
    void aMissingFileFailsTheUploadWithoutARequest() {
        failure(knowledge().upload("t1", dir.resolve("absent.pdf")), FileNotFoundException.class);

        assertThat(received).isEmpty();
    }

    @Test
    void badIdsAndUrlsAreRefusedAtOnceNamingTheValue() {
        assertThatThrownBy(() -> knowledge().list("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadId").hasMessageContaining("../etc");
        assertThatThrownBy(() -> knowledge().remove("t1", "f/1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fileId").hasMessageContaining("f/1");
        assertThatThrownBy(() -> KnowledgeFiles.builder().apiUrl("ws://localhost:3004"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://localhost:3004");
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static <T extends Throwable> T failure(CompletableFuture<?> future, Class<T> type) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(type);
        try {
            future.join();
        } catch (CompletionException e) {
            return type.cast(e.getCause());
        }
        throw new AssertionError("not failed");
    }

    /** One part of a multipart body: its header lines and its content. */
    record Part(List<String> headers, byte[] content) {
    }

    /** The one part of {@code request}'s multipart/form-data body, parsed as RFC 7578 says, strictly. */
    private static Part onlyPart(Received request) {
        Matcher type = Pattern.compile("multipart/form-data; boundary=(\\S+)").matcher(request.header("Content-type"));
        assertThat(type.matches()).as("Content-Type %s", request.header("Content-type")).isTrue();
        byte[] body = request.body();
        byte[] opening = ("--" + type.group(1) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] closing = ("\r\n--" + type.group(1) + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Arrays.copyOf(body, opening.length)).as("the opening boundary").isEqualTo(opening);
        assertThat(Arrays.copyOfRange(body, body.length - closing.length, body.length)).as("the closing boundary")
                .isEqualTo(closing);
        byte[] inner = Arrays.copyOfRange(body, opening.length, body.length - closing.length);
        int end = indexOf(inner, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(end).as("the end of the part's headers").isNotNegative();
        List<String> headers = List.of(new String(inner, 0, end, StandardCharsets.UTF_8).split("\r\n"));
        byte[] content = Arrays.copyOfRange(inner, end + 4, inner.length);
        assertThat(indexOf(content, ("\r\n--" + type.group(1)).getBytes(StandardCharsets.ISO_8859_1)))
                .as("a second part").isNegative();
        return new Part(headers, content);
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
