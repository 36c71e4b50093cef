package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of the HTTP API (the JDK's HttpClient, nothing of the server's), optionally with a bearer token. Every
 * answer it receives is held to docs/openapi.json ({@link OpenApiContract}): one that breaks the document fails the
 * test there, with the violations and the body.
 */
final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WsRecorder.TIMEOUT).build();
    private static final Duration TIMEOUT = WsRecorder.TIMEOUT;

    private final TestServer server;
    private final String token;

    ApiClient(TestServer server) {
        this(server, null);
    }

    private ApiClient(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** The same client sending {@code Authorization: Bearer token}. */
    ApiClient withToken(String bearer) {
        return new ApiClient(server, bearer);
    }

    /**
     * An answer: its status, headers and body, and the response of docs/openapi.json it is (as
     * {@code "get /v1/threads/{threadId} 200"}; null for one the document has no operation for).
     */
    record Answer(int status, HttpHeaders headers, byte[] bytes, String documented) {

        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return JsonParser.parseString(body()).getAsJsonObject();
        }

        /** The error's code, of an answer in the error shape. */
        String errorCode() {
            return json().getAsJsonObject("error").get("code").getAsString();
        }

        String errorMessage() {
            return json().getAsJsonObject("error").get("message").getAsString();
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Answer get(String path) {
        return send("GET", path, BodyPublishers.noBody(), Map.of());
    }

    Answer delete(String path) {
        return send("DELETE", path, BodyPublishers.noBody(), Map.of());
    }

    Answer patch(String path, String json) {
        return send("PATCH", path, BodyPublishers.ofString(json, StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    /** A PATCH whose body is streamed, without a Content-Length (chunked). */
    Answer patchChunked(String path, byte[] body) {
        return send("PATCH", path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                Map.of("Content-Type", "application/json"));
    }

    Answer send(String method, String path, BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.apiUrl(path)))
                .timeout(TIMEOUT)
                .method(method, body);
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (token != null) {
            all.putIfAbsent("Authorization", "Bearer " + token);
        }
        all.forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
        String rawPath = URI.create(server.apiUrl(path)).getRawPath();
        OpenApiContract contract = OpenApiContract.load();
        Answer answer = new Answer(response.statusCode(), response.headers(), response.body(),
                contract.documentedResponse(method, rawPath, response.statusCode()));
        List<String> violations = contract.violations(method, rawPath, answer.status(),
                answer.header("Content-Type"), answer.body());
        assertThat(violations).as("%s %s answered %s, which breaks docs/openapi.json; body: %s", method, path,
                answer.status(), answer.body()).isEmpty();
        return answer;
    }
}
