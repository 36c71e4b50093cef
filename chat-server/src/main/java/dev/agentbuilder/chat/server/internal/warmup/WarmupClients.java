package dev.agentbuilder.chat.server.internal.warmup;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The warm-up's clients: WebSocket connections on loopback, many at once (as a reconnect storm brings them), each
 * joining a thread and, for some, running turns. The JDK's client, so that thousands share one selector thread.
 *
 * <p>Used by one caller thread at a time; the connections' callbacks run on the HTTP client's threads.
 */
final class WarmupClients implements AutoCloseable {

    /** Connections being opened at once, as storm.js has them. */
    private static final int IN_FLIGHT = 256;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    /** Connections that got their {@code ready}, and turns that ended, so far. */
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger turnsEnded = new AtomicInteger();

    WarmupClients(int port) {
        this.base = "ws://127.0.0.1:" + port + "/?";
    }

    /**
     * Opens {@code count} connections, {@link #IN_FLIGHT} at a time, to threads {@code prefix0..}, each waiting for
     * {@code ready} and then closing; false when the deadline passed first.
     */
    boolean storm(String prefix, int count, long deadlineNanos) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
            all[i] = session(prefix + i, "warmup-" + (i % 64), null, frame -> type(frame, "ready"))
                    .whenComplete((ok, failure) -> inFlight.release());
        }
        return await(CompletableFuture.allOf(all), deadlineNanos);
    }

    /** {@code turns} turns in each of {@code threads} threads at once; false when the deadline passed first. */
    boolean turns(String prefix, int threads, int turns, long deadlineNanos) throws InterruptedException {
        CompletableFuture<?>[] all = new CompletableFuture<?>[threads];
        for (int i = 0; i < threads; i++) {
            all[i] = session(prefix + i, "warmup-turns", turns, WarmupClients::idleAfterAReply);
        }
        return await(CompletableFuture.allOf(all), deadlineNanos);
    }

    int joined() {
        return joined.get();
    }

    int turnsEnded() {
        return turnsEnded.get();
    }

    private static boolean await(CompletableFuture<Void> all, long deadlineNanos) throws InterruptedException {
        try {
            all.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    /**
     * One connection: joins, then sends {@code turns} messages one after the other (each once the previous turn
     * ended), or none; completes when {@code done} matched the last frame it waited for, and the connection is closed.
     */
    private CompletableFuture<Void> session(String threadId, String userId, Integer turns, Predicate<JsonObject> done) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Listener listener = new Listener(turns == null ? 0 : turns, done, finished, joined, turnsEnded);
        http.newWebSocketBuilder().buildAsync(URI.create(base + "threadId=" + threadId + "&userId=" + userId),
                listener).whenComplete((socket, failure) -> {
                    if (failure != null) {
                        finished.completeExceptionally(failure);
                    }
                });
        return finished;
    }

    private static boolean type(JsonObject frame, String type) {
        return frame.has("type") && frame.get("type").getAsString().equals(type);
    }

    private static boolean idleAfterAReply(JsonObject frame) {
        return type(frame, "status") && frame.get("state").getAsString().equals("idle");
    }

    @Override
    public void close() {
        // The JDK's HttpClient (Java 17) has no close: its selector thread ends once the client is unreachable.
    }

    /** One connection's frames: counts the turns it still has to run. Confined to the connection's callbacks. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final Predicate<JsonObject> done;
        private final CompletableFuture<Void> finished;
        private final AtomicInteger joinedCount;
        private final AtomicInteger turnsEndedCount;
        private int turnsLeft;
        private boolean joined;

        Listener(int turns, Predicate<JsonObject> done, CompletableFuture<Void> finished, AtomicInteger joinedCount,
                AtomicInteger turnsEndedCount) {
            this.turnsLeft = turns;
            this.done = done;
            this.finished = finished;
            this.joinedCount = joinedCount;
            this.turnsEndedCount = turnsEndedCount;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonObject frame = JsonParser.parseString(text.toString()).getAsJsonObject();
                text.setLength(0);
                onFrame(socket, frame);
            }
            socket.request(1);
            return null;
        }

        private void onFrame(WebSocket socket, JsonObject frame) {
            boolean ready = type(frame, "ready");
            boolean turnEnded = joined && done.test(frame);
            joined |= ready;
            if (ready) {
                joinedCount.incrementAndGet();
            }
            if (turnEnded) {
                turnsEndedCount.incrementAndGet();
            }
            if (ready && turnsLeft > 0 || turnEnded && turnsLeft > 0) {
                turnsLeft--;
                socket.sendText("{\"type\":\"user_message\",\"content\":\"I want an agent that helps me plan trips"
                        + " to Lisbon\"}", true);
                return;
            }
            if (ready && done.test(frame) || turnEnded) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((s, e) -> finished.complete(null));
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            socket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            finished.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            finished.complete(null);
            return null;
        }
    }
}
