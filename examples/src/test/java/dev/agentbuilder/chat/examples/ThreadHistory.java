package dev.agentbuilder.chat.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the chat server has stored for a thread, read over the protocol the way any client would: connect with
 * lastSeq 0, and take the {@code ready} frame's lastSeq stored events that follow. Also the server's own rendering
 * of the draft ({@code export_agent}), to compare a download with.
 */
final class ThreadHistory {

    private ThreadHistory() {
    }

    /** The thread's stored events ({@code message} and {@code agent_updated} frames) in seq order. */
    static List<JsonObject> read(String wsUrl, String threadId, String userId) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = connect(wsUrl, threadId, userId, frames);
        try {
            long lastSeq = awaitReady(frames).get("lastSeq").getAsLong();
            List<JsonObject> stored = new ArrayList<>();
            while (stored.size() < lastSeq) {
                JsonObject frame = next(frames);
                if (frame.has("seq")) {
                    stored.add(frame);
                }
            }
            return stored;
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    /** The stored messages only: the {@code message} objects of the thread's {@code message} events. */
    static List<JsonObject> messages(String wsUrl, String threadId, String userId) throws Exception {
        return read(wsUrl, threadId, userId).stream()
                .filter(f -> f.get("type").getAsString().equals("message"))
                .map(f -> f.getAsJsonObject("message"))
                .toList();
    }

    /** The draft as it is now: the {@code agent} of the {@code ready} frame. */
    static JsonObject draft(String wsUrl, String threadId, String userId) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = connect(wsUrl, threadId, userId, frames);
        try {
            return awaitReady(frames).getAsJsonObject("agent");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    /** The server's {@code agent_export} answer to {@code export_agent} in {@code format}. */
    static JsonObject export(String wsUrl, String threadId, String userId, String format) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = connect(wsUrl, threadId, userId, frames);
        try {
            socket.sendText("{\"type\":\"export_agent\",\"format\":\"" + format + "\"}", true)
                    .get(10, TimeUnit.SECONDS);
            while (true) {
                JsonObject frame = next(frames);
                String type = frame.get("type").getAsString();
                if (type.equals("agent_export")) {
                    return frame;
                }
                if (type.equals("error")) {
                    throw new AssertionError("export_agent " + format + " refused: " + frame);
                }
            }
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    private static WebSocket connect(String wsUrl, String threadId, String userId, BlockingQueue<JsonObject> frames)
            throws Exception {
        // Frames arrive on the HTTP client's thread; the queue hands them to the test thread.
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(JsonParser.parseString(partial.toString()).getAsJsonObject());
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }
        };
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(wsUrl + "/?threadId=" + threadId + "&userId=" + userId), listener)
                .get(10, TimeUnit.SECONDS);
    }

    private static JsonObject awaitReady(BlockingQueue<JsonObject> frames) throws InterruptedException {
        JsonObject ready = next(frames);
        if (!ready.get("type").getAsString().equals("ready")) {
            throw new AssertionError("expected ready, got " + ready);
        }
        return ready;
    }

    private static JsonObject next(BlockingQueue<JsonObject> frames) throws InterruptedException {
        JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the chat server within 10 s");
        }
        return frame;
    }
}
