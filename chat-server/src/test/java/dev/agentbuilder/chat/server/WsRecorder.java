package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.protocol.ProtocolSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client (the JDK's, independent of the server's library) that queues everything it receives, so a test
 * can take frames in order and check that nothing unexpected arrived. Frames are parsed as JSON objects, and each is
 * validated against docs/asyncapi.yaml: a frame the schema refuses is queued as {@link Invalid}, and taking it fails
 * the test with the violations and the frame.
 */
final class WsRecorder implements WebSocket.Listener {

    /** Generous: a fault test must hold on a busy machine (three cold JVMs on two loaded cores take their time). */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();

    /** What the socket reported: a frame, a close, or an error. */
    sealed interface Received {
    }

    record Frame(JsonObject json) implements Received {
        String type() {
            return json.get("type").getAsString();
        }
    }

    record Closed(int code, String reason) implements Received {
    }

    record Failed(Throwable error) implements Received {
    }

    /** A frame that breaks the schema of its type (or is not a JSON object with a type at all). */
    record Invalid(String text, List<String> violations) implements Received {
        AssertionError failure() {
            return new AssertionError("the server wrote a frame that breaks docs/asyncapi.yaml: " + violations
                    + "\n  frame: " + text);
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    /** Every frame handed to the test, in order; written and read on the test's thread. */
    private final List<JsonObject> taken = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    static WsRecorder connect(String url) {
        return connect(url, Map.of());
    }

    /** Connects with these extra handshake headers, for example {@code Origin} or {@code Authorization}. */
    static WsRecorder connect(String url, Map<String, String> headers) {
        WsRecorder recorder = new WsRecorder();
        try {
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(TIMEOUT);
            headers.forEach(builder::header);
            recorder.socket = builder
                    .buildAsync(URI.create(url), recorder)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + url, e);
        }
        return recorder;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            List<String> violations = SCHEMA.validateServerFrame(text);
            received.add(violations.isEmpty()
                    ? new Frame(JsonParser.parseString(text).getAsJsonObject())
                    : new Invalid(text, violations));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        received.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        received.add(new Failed(error));
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends unless the socket's output is already closed (for example by the server); false then. */
    void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void sendUserMessage(String content, String clientMessageId) {
        JsonObject frame = new JsonObject();
        frame.addProperty("type", "user_message");
        frame.addProperty("content", content);
        if (clientMessageId != null) {
            frame.addProperty("clientMessageId", clientMessageId);
        }
        send(frame.toString());
    }

    void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    /** Drops the TCP connection without a close handshake, like a network failure. */
    void abort() {
        socket.abort();
    }

    /** The next thing received, whatever it is; a frame that breaks the schema fails the test here. */
    Received next() {
        try {
            Received r = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                fail("nothing received within " + TIMEOUT);
            }
            if (r instanceof Invalid invalid) {
                throw invalid.failure();
            }
            if (r instanceof Frame frame) {
                taken.add(frame.json());
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame, whatever its type. */
    JsonObject nextFrame() {
        Received r = next();
        assertThat(r).as("expected a frame").isInstanceOf(Frame.class);
        return ((Frame) r).json();
    }

    /** The next frame, which must be of this type. */
    JsonObject expect(String type) {
        Received r = next();
        assertThat(r).as("expected a %s frame", type).isInstanceOf(Frame.class);
        Frame frame = (Frame) r;
        assertThat(frame.type()).as("frame %s", frame.json()).isEqualTo(type);
        return frame.json();
    }

    /** Frames up to and including the first of this type. */
    List<JsonObject> framesThrough(String type) {
        return framesThrough(f -> f.get("type").getAsString().equals(type));
    }

    /** Frames up to and including the first that matches. */
    List<JsonObject> framesThrough(Predicate<JsonObject> last) {
        List<JsonObject> frames = new ArrayList<>();
        while (true) {
            Received r = next();
            if (!(r instanceof Frame frame)) {
                fail("expected frames but got " + r + " after " + frames);
                return frames;
            }
            frames.add(frame.json());
            if (last.test(frame.json())) {
                return frames;
            }
        }
    }

    /** Skips frames until one of this type arrives, and returns it. */
    JsonObject awaitFrame(String type) {
        List<JsonObject> frames = framesThrough(type);
        return frames.get(frames.size() - 1);
    }

    /** Waits for the close, skipping frames, and returns its code. */
    int awaitClose() {
        while (true) {
            Received r = next();
            if (r instanceof Closed closed) {
                return closed.code();
            }
            if (r instanceof Failed failed) {
                throw new AssertionError("socket failed instead of closing", failed.error());
            }
        }
    }

    /** Every frame the test has taken so far, in the order received. */
    List<JsonObject> taken() {
        return List.copyOf(taken);
    }

    /** Nothing arrived that the test did not take. */
    void assertExhausted() {
        assertThat(received).as("frames nobody expected").isEmpty();
    }

    /** Everything received so far without waiting, for tests that inspect a finished exchange. */
    List<Received> drain() {
        List<Received> all = new ArrayList<>();
        received.drainTo(all);
        for (Received r : all) {
            if (r instanceof Invalid invalid) {
                throw invalid.failure();
            }
        }
        return all;
    }
}
