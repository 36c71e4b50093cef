package dev.agentbuilder.chat.client.internal;

import dev.agentbuilder.chat.protocol.WireFile;
import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests to the server's HTTP API on the JDK's {@link HttpClient}, answered by {@link ApiAnswers}: what
 * {@code KnowledgeFiles} runs on. The futures complete on the {@code chat-knowledge-N} threads (daemons, shared by
 * every instance, that end when idle). Immutable.
 */
public final class ApiCalls {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "chat-knowledge-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final HttpClient http;
    private final Duration timeout;

    public ApiCalls(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(EXECUTOR).build();
    }

    /** A {@code multipart/form-data} POST of {@code file} as the part {@code file}, answered with {@code {"file"}}. */
    public CompletableFuture<WireFile> upload(URI uri, String token, Path file) {
        Multipart multipart = Multipart.random();
        HttpRequest.BodyPublisher body;
        try {
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException(file + " (not a file)");
            }
            body = multipart.body("file", file.getFileName().toString(), file);
        } catch (FileNotFoundException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(request(uri, token).header("Content-Type", multipart.contentType()).POST(body).build(),
                ApiAnswers::file);
    }

    /** A GET answered with {@code {"files"}}. */
    public CompletableFuture<List<WireFile>> files(URI uri, String token) {
        return send(request(uri, token).GET().build(), ApiAnswers::files);
    }

    /** A DELETE answered with no content. */
    public CompletableFuture<Void> delete(URI uri, String token) {
        return send(request(uri, token).DELETE().build(), (status, body) -> null);
    }

    private HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** How a success's body becomes the value. */
    private interface Reader<T> {
        T read(int status, String body);
    }

    private <T> CompletableFuture<T> send(HttpRequest request, Reader<T> reader) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> {
                    int status = response.statusCode();
                    if (status < 200 || status >= 300) {
                        throw ApiAnswers.error(status, status >= 400 ? response.body() : "");
                    }
                    return reader.read(status, response.body());
                });
    }
}
