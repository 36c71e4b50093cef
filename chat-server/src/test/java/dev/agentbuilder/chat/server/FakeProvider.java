package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentbuilder.chat.server.internal.model.ModelFactory;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A model provider on 127.0.0.1 (the JDK's HttpServer) that speaks the OpenAI chat completions API or Anthropic's
 * Messages API with real server-sent-event streams. A test queues the answers; every request takes the next one and
 * is recorded (headers and body) for the test to inspect. Public for the test of the providers' HTTP client, which
 * lives beside that package-private client.
 */
public final class FakeProvider implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The two APIs, each with its endpoint and its stream format. */
    public enum Dialect {
        OPENAI("/v1/chat/completions"), ANTHROPIC("/v1/messages");

        final String path;

        Dialect(String path) {
            this.path = path;
        }
    }

    /** One request the provider received. Header names are lower case. */
    record Request(String method, String path, Map<String, List<String>> headers, JsonObject body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What a streamed answer is made of. */
    sealed interface Part {
    }

    record Text(String text) implements Part {
    }

    /** A tool call whose JSON arguments stream in fragments. */
    record ToolCall(String id, String name, List<String> argumentFragments) implements Part {
    }

    /** How the provider answers one request. */
    public sealed interface Answer {
    }

    /** A stream of parts, then the end: finish reason, usage, end marker. */
    public record Stream(List<Part> parts, int inputTokens, int outputTokens) implements Answer {
        public Stream text(String text) {
            return with(new Text(text));
        }

        Stream tool(String id, String name, String... argumentFragments) {
            return with(new ToolCall(id, name, List.of(argumentFragments)));
        }

        Stream usage(int in, int out) {
            return new Stream(parts, in, out);
        }

        private Stream with(Part part) {
            List<Part> more = new ArrayList<>(parts);
            more.add(part);
            return new Stream(more, inputTokens, outputTokens);
        }
    }

    /** An HTTP error with this body. */
    record Status(int code, String body) implements Answer {
    }

    /** Response headers, then silence until the provider is closed. */
    public record Silence() implements Answer {
    }

    /** Ends a live stream: the connection dropped mid-stream, or closed cleanly but before the end marker. */
    private record End(boolean drop) implements Part {
    }

    /**
     * A stream the test writes to part by part. Between parts the provider sends SSE comments (which carry no
     * event), so it notices at once when the client closes the connection.
     */
    public static final class Live implements Answer {
        private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
        private final CountDownLatch clientClosed = new CountDownLatch(1);

        public Live text(String text) {
            parts.add(new Text(text));
            return this;
        }

        /** The connection drops, as when a provider or a proxy on the way dies. */
        void dropConnection() {
            parts.add(new End(true));
        }

        /** The response ends cleanly, but without the provider's end marker. */
        public void endWithoutFinishing() {
            parts.add(new End(false));
        }

        /** True once a write failed because the client closed the connection. */
        boolean awaitClientClosed() throws InterruptedException {
            return clientClosed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public static Stream stream() {
        return new Stream(List.of(), 0, 0);
    }

    private final Dialect dialect;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-provider");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Request> allRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeProvider(Dialect dialect, int port) throws IOException {
        this.dialect = dialect;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeProvider start(Dialect dialect) {
        return start(dialect, 0);
    }

    static FakeProvider start(Dialect dialect, int port) {
        try {
            return new FakeProvider(dialect, port);
        } catch (IOException e) {
            throw new AssertionError("could not start the fake provider", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The base URL a client is configured with, e.g. {@code http://127.0.0.1:1234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    public FakeProvider answer(Answer... next) {
        answers.addAll(List.of(next));
        return this;
    }

    /** A real langchain4j model of this provider's kind, configured as chat-server configures it. */
    StreamingChatModel model(String apiKey) {
        return model(baseUrl(), apiKey);
    }

    /** The same, for a base URL where nothing may be listening. */
    StreamingChatModel model(String baseUrl, String apiKey) {
        ModelSettings.Provider provider = dialect == Dialect.OPENAI
                ? ModelSettings.Provider.OPENAI
                : ModelSettings.Provider.ANTHROPIC;
        ModelSettings settings = ModelSettings.resolve(provider, "fake-model", baseUrl, 0.2, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(5), name -> name.endsWith("_API_KEY") ? apiKey : null);
        return ModelFactory.create(settings, Duration.ZERO);
    }

    /** The next request received. */
    Request awaitRequest() {
        try {
            Request r = requests.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                fail("the provider received no request within " + TIMEOUT);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many requests arrived so far. */
    int requestCount() {
        return allRequests.size();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                body.isBlank() ? new JsonObject() : JsonParser.parseString(body).getAsJsonObject());
        allRequests.add(request);
        requests.add(request);
        if (!request.path().equals(dialect.path)) {
            respond(exchange, 404, "{\"error\":\"no such endpoint\"}");
            return;
        }
        Answer answer = answers.poll();
        if (answer == null) {
            respond(exchange, 500, "{\"error\":\"the test queued no answer\"}");
            return;
        }
        if (answer instanceof Status status) {
            respond(exchange, status.code(), status.body());
        } else if (answer instanceof Stream stream) {
            stream(exchange, stream);
        } else if (answer instanceof Live live) {
            live(exchange, live);
        } else {
            silence(exchange);
        }
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private OutputStream openStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private void stream(HttpExchange exchange, Stream stream) throws IOException {
        OutputStream out = openStream(exchange);
        Renderer renderer = dialect == Dialect.OPENAI ? new OpenAiRenderer() : new AnthropicRenderer();
        write(out, renderer.start(stream.inputTokens()));
        for (Part part : stream.parts()) {
            write(out, renderer.part(part));
        }
        write(out, renderer.finish(stream.inputTokens(), stream.outputTokens()));
        out.close();
    }

    private void silence(HttpExchange exchange) throws IOException {
        OutputStream out = openStream(exchange);
        out.flush();
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private void live(HttpExchange exchange, Live live) throws IOException {
        OutputStream out = openStream(exchange);
        Renderer renderer = dialect == Dialect.OPENAI ? new OpenAiRenderer() : new AnthropicRenderer();
        try {
            write(out, renderer.start(1));
            while (closing.getCount() > 0) {
                Part part = live.parts.poll(20, TimeUnit.MILLISECONDS);
                if (part instanceof End end) {
                    if (end.drop()) {
                        // Thrown out of the handler, the exchange ends without its last chunk: the connection drops.
                        throw new IllegalStateException("the fake provider drops this stream");
                    }
                    out.close();
                    return;
                }
                write(out, part == null ? ": keep-alive\n\n" : renderer.part(part));
            }
        } catch (IOException e) {
            live.clientClosed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String events) throws IOException {
        out.write(events.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Turns parts into one dialect's events. Confined to one exchange's thread. */
    private interface Renderer {
        String start(int inputTokens);

        String part(Part part);

        String finish(int inputTokens, int outputTokens);
    }

    /** {@code data:} chunks of {@code chat.completion.chunk}, a usage chunk, then {@code data: [DONE]}. */
    private static final class OpenAiRenderer implements Renderer {
        private int toolIndex = -1;
        private boolean calledTools;

        @Override
        public String start(int inputTokens) {
            JsonObject delta = new JsonObject();
            delta.addProperty("role", "assistant");
            delta.addProperty("content", "");
            return chunk(delta, null);
        }

        @Override
        public String part(Part part) {
            if (part instanceof Text text) {
                JsonObject delta = new JsonObject();
                delta.addProperty("content", text.text());
                return chunk(delta, null);
            }
            ToolCall call = (ToolCall) part;
            calledTools = true;
            toolIndex++;
            StringBuilder events = new StringBuilder();
            events.append(chunk(toolDelta(call.id(), call.name(), ""), null));
            for (String fragment : call.argumentFragments()) {
                events.append(chunk(toolDelta(null, null, fragment), null));
            }
            return events.toString();
        }

        private JsonObject toolDelta(String id, String name, String arguments) {
            JsonObject function = new JsonObject();
            if (name != null) {
                function.addProperty("name", name);
            }
            function.addProperty("arguments", arguments);
            JsonObject call = new JsonObject();
            call.addProperty("index", toolIndex);
            if (id != null) {
                call.addProperty("id", id);
                call.addProperty("type", "function");
            }
            call.add("function", function);
            JsonArray calls = new JsonArray();
            calls.add(call);
            JsonObject delta = new JsonObject();
            delta.add("tool_calls", calls);
            return delta;
        }

        @Override
        public String finish(int inputTokens, int outputTokens) {
            JsonObject usage = new JsonObject();
            usage.addProperty("prompt_tokens", inputTokens);
            usage.addProperty("completion_tokens", outputTokens);
            usage.addProperty("total_tokens", inputTokens + outputTokens);
            JsonObject usageChunk = base();
            usageChunk.add("choices", new JsonArray());
            usageChunk.add("usage", usage);
            return chunk(new JsonObject(), calledTools ? "tool_calls" : "stop")
                    + "data: " + usageChunk + "\n\n"
                    + "data: [DONE]\n\n";
        }

        private static String chunk(JsonObject delta, String finishReason) {
            JsonObject choice = new JsonObject();
            choice.addProperty("index", 0);
            choice.add("delta", delta);
            if (finishReason != null) {
                choice.addProperty("finish_reason", finishReason);
            }
            JsonArray choices = new JsonArray();
            choices.add(choice);
            JsonObject chunk = base();
            chunk.add("choices", choices);
            return "data: " + chunk + "\n\n";
        }

        private static JsonObject base() {
            JsonObject chunk = new JsonObject();
            chunk.addProperty("id", "chatcmpl-fake");
            chunk.addProperty("object", "chat.completion.chunk");
            chunk.addProperty("created", 1_700_000_000);
            chunk.addProperty("model", "fake-model");
            return chunk;
        }
    }

    /**
     * {@code message_start}, content blocks ({@code text_delta}, {@code input_json_delta} for tool use),
     * {@code message_delta} with the stop reason and usage, {@code message_stop}.
     */
    private static final class AnthropicRenderer implements Renderer {
        private int blockIndex = -1;
        private boolean textOpen;
        private boolean calledTools;

        @Override
        public String start(int inputTokens) {
            JsonObject usage = new JsonObject();
            usage.addProperty("input_tokens", inputTokens);
            usage.addProperty("output_tokens", 1);
            JsonObject message = new JsonObject();
            message.addProperty("id", "msg_fake");
            message.addProperty("type", "message");
            message.addProperty("role", "assistant");
            message.add("content", new JsonArray());
            message.addProperty("model", "fake-claude");
            message.add("usage", usage);
            JsonObject data = new JsonObject();
            data.add("message", message);
            return event("message_start", data);
        }

        @Override
        public String part(Part part) {
            StringBuilder events = new StringBuilder();
            if (part instanceof Text text) {
                if (!textOpen) {
                    blockIndex++;
                    textOpen = true;
                    JsonObject block = new JsonObject();
                    block.addProperty("type", "text");
                    block.addProperty("text", "");
                    events.append(blockStart(block));
                }
                JsonObject delta = new JsonObject();
                delta.addProperty("type", "text_delta");
                delta.addProperty("text", text.text());
                return events.append(blockDelta(delta)).toString();
            }
            ToolCall call = (ToolCall) part;
            calledTools = true;
            events.append(closeText());
            blockIndex++;
            JsonObject block = new JsonObject();
            block.addProperty("type", "tool_use");
            block.addProperty("id", call.id());
            block.addProperty("name", call.name());
            block.add("input", new JsonObject());
            events.append(blockStart(block));
            for (String fragment : call.argumentFragments()) {
                JsonObject delta = new JsonObject();
                delta.addProperty("type", "input_json_delta");
                delta.addProperty("partial_json", fragment);
                events.append(blockDelta(delta));
            }
            return events.append(blockStop()).toString();
        }

        @Override
        public String finish(int inputTokens, int outputTokens) {
            JsonObject delta = new JsonObject();
            delta.addProperty("stop_reason", calledTools ? "tool_use" : "end_turn");
            JsonObject usage = new JsonObject();
            usage.addProperty("output_tokens", outputTokens);
            JsonObject data = new JsonObject();
            data.add("delta", delta);
            data.add("usage", usage);
            return closeText() + event("message_delta", data) + event("message_stop", new JsonObject());
        }

        private String closeText() {
            if (!textOpen) {
                return "";
            }
            textOpen = false;
            return blockStop();
        }

        private String blockStart(JsonObject block) {
            JsonObject data = new JsonObject();
            data.addProperty("index", blockIndex);
            data.add("content_block", block);
            return event("content_block_start", data);
        }

        private String blockDelta(JsonObject delta) {
            JsonObject data = new JsonObject();
            data.addProperty("index", blockIndex);
            data.add("delta", delta);
            return event("content_block_delta", data);
        }

        private String blockStop() {
            JsonObject data = new JsonObject();
            data.addProperty("index", blockIndex);
            return event("content_block_stop", data);
        }

        private static String event(String type, JsonObject data) {
            data.addProperty("type", type);
            return "event: " + type + "\ndata: " + data + "\n\n";
        }
    }
}
