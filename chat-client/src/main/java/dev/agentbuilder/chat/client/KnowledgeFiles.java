package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.client.internal.ApiCalls;
import dev.agentbuilder.chat.client.internal.Endpoint;
import dev.agentbuilder.chat.common.Identifiers;
import dev.agentbuilder.chat.protocol.WireFile;
import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An agent's knowledge files, over the server's HTTP API ({@code /v1/threads/{threadId}/files}, see docs/api.md):
 * upload a file, list them with their statuses, remove one. Their effect on the thread (the {@code agent_updated}
 * with the new files, each {@code file_status}) arrives at every {@link ChatClient} of the thread.
 *
 * <pre>{@code
 * KnowledgeFiles knowledge = KnowledgeFiles.builder().apiUrl("http://localhost:3006").build();
 * WireFile file = knowledge.upload("trip-planner", Path.of("handbook.pdf")).join();  // status "indexing"
 * List<WireFile> files = knowledge.list("trip-planner").join();                      // later "ready" or "failed"
 * knowledge.remove("trip-planner", file.fileId()).join();
 * }</pre>
 *
 * <p>Threading: every method may be called from any thread and returns at once; the futures complete on the helper's
 * own threads ({@code chat-knowledge-N}, daemons that end when idle). Immutable.
 *
 * <p>Errors: a bad threadId or fileId throws {@link IllegalArgumentException} at once. A future fails with an
 * {@link ApiRequestException} when the server answered with an error (its code, message and HTTP status), with the
 * {@code IOException} when there was no answer (unreachable, connection lost, {@code HttpTimeoutException} after the
 * timeout), and, for an upload, with a {@link FileNotFoundException} when the file cannot be read.
 */
public final class KnowledgeFiles {

    /** The server's default API address. */
    public static final String DEFAULT_API_URL = "http://localhost:3006";
    /** How long a request may take until its answer, by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final URI api;
    private final Supplier<String> tokens;
    private final ApiCalls calls;

    private KnowledgeFiles(Builder builder) {
        this.api = builder.api;
        this.tokens = builder.tokens;
        this.calls = new ApiCalls(builder.timeout);
    }

    /** A builder for {@link #DEFAULT_API_URL}, without a token, with {@link #DEFAULT_TIMEOUT}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Uploads {@code file} as a knowledge file of the thread's agent, under its file name, streamed from disk. The
     * server reads what it is from its bytes, and indexes it after answering: the file comes back with status
     * {@code indexing}.
     *
     * @return completed with the file as the server stored it (HTTP 201)
     * @throws IllegalArgumentException when {@code threadId} breaks the id rule or {@code file} is null
     */
    public CompletableFuture<WireFile> upload(String threadId, Path file) {
        URI uri = files(threadId);
        Objects.requireNonNull(file, "file");
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file: " + file);
        }
        return calls.upload(uri, token(), file);
    }

    /**
     * The agent's knowledge files, each with its status now ({@code indexing}, {@code ready}, or {@code failed} with
     * its {@code error}), in the order they were added.
     *
     * @throws IllegalArgumentException when {@code threadId} breaks the id rule
     */
    public CompletableFuture<List<WireFile>> list(String threadId) {
        return calls.files(files(threadId), token());
    }

    /**
     * Removes a file from the agent, with its bytes and its passages; completed when the server answered 204. What
     * a file or thread that is not there gets is the server's answer (404 {@code not_found} for a thread it does
     * not know, or one of another user).
     *
     * @throws IllegalArgumentException when {@code threadId} or {@code fileId} breaks the id rule
     */
    public CompletableFuture<Void> remove(String threadId, String fileId) {
        Identifiers.require("fileId", fileId);
        URI uri = URI.create(files(threadId) + "/" + fileId);
        return calls.delete(uri, token());
    }

    /** The server's API address, as given. */
    public URI apiUrl() {
        return api;
    }

    private URI files(String threadId) {
        Identifiers.require("threadId", threadId);
        return URI.create(api + "/v1/threads/" + threadId + "/files");
    }

    /** The token for a request, asked of the source now; null for none. */
    private String token() {
        String token = tokens == null ? null : tokens.get();
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (!Endpoint.isBearerToken(token)) {
            throw new IllegalArgumentException("the token source gave a value that is not a bearer token (A-Z "
                    + "a-z 0-9 - . _ ~ + / and a trailing =); not shown");
        }
        return token;
    }

    /** Settings of a {@link KnowledgeFiles}. Not thread-safe; {@link #build()} copies what it needs. */
    public static final class Builder {

        private URI api = URI.create(DEFAULT_API_URL);
        private Supplier<String> tokens;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /**
         * The server's HTTP API: {@code http://} or {@code https://}, a host, and optionally a path it is served
         * under (default {@link #DEFAULT_API_URL}).
         *
         * @throws IllegalArgumentException when it is not such a URL
         */
        public Builder apiUrl(String apiUrl) {
            URI uri;
            try {
                uri = new URI(Objects.requireNonNull(apiUrl, "apiUrl"));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + apiUrl + ": " + e.getReason());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("the API URL must start with http:// or https://: " + apiUrl);
            }
            if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the API URL must have a host, and no query or fragment: "
                        + apiUrl);
            }
            String text = uri.toString();
            this.api = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /**
         * One token for every request, sent as {@code Authorization: Bearer <token>}; null or empty for none.
         *
         * @throws IllegalArgumentException when it is not a bearer token (the message does not show it)
         */
        public Builder token(String token) {
            if (token != null && !token.isEmpty() && !Endpoint.isBearerToken(token)) {
                throw new IllegalArgumentException("the token must be a bearer token (A-Z a-z 0-9 - . _ ~ + / and a "
                        + "trailing =); not shown");
            }
            String fixed = token == null || token.isEmpty() ? null : token;
            this.tokens = fixed == null ? null : () -> fixed;
            return this;
        }

        /** Where tokens come from: asked, on the caller's thread, before every request. Null for none. */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = tokens;
            return this;
        }

        /** How long connecting, and then each request until its answer, may take (default 60 s). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public KnowledgeFiles build() {
            return new KnowledgeFiles(this);
        }
    }
}
