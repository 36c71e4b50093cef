package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ClientFrame;
import dev.agentbuilder.chat.protocol.Decoded;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One virtual user of {@code bench}: a connection and a conversation, one turn at a time, on the calling thread.
 * Frames arrive on the HttpClient's threads and are handed over through {@link #frames}.
 */
final class BenchUser implements WsConnection.Handler {

    private static final List<String> SCRIPT = List.of(
            "I want an agent that helps me plan trips",
            "Call it Wanderlust",
            "It should always answer in French",
            "Add a conversation starter: Plan a weekend in Rome",
            "Enable web search",
            "What is still missing?");

    private static final Object CLOSED = new Object();

    private final HttpClient http;
    private final Endpoint endpoint;
    private final Duration timeout;
    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

    BenchUser(HttpClient http, Endpoint endpoint, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /**
     * Holds {@code warmup} turns, waits at {@code warmedUp} for every other user, then holds {@code turns} turns,
     * adding each one's latency in nanoseconds to {@code latencies}.
     */
    void converse(int warmup, CyclicBarrier warmedUp, int turns, Queue<Long> latencies) {
        WsConnection connection = new WsConnection(this);
        try {
            connection.connect(http, endpoint.uri(0), endpoint.headers(), timeout)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ExitException(ExitCodes.CONNECTION, "cannot connect to " + Redact.url(endpoint.server()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.CONNECTION, "interrupted", e);
        }
        try {
            next(ServerFrame.Ready.class);
            for (int i = 0; i < warmup; i++) {
                turn(connection, i);
            }
            awaitEveryone(warmedUp);
            for (int i = warmup; i < warmup + turns; i++) {
                long start = System.nanoTime();
                turn(connection, i);
                latencies.add(System.nanoTime() - start);
            }
        } finally {
            connection.close(1000, "bench done");
        }
    }

    /** Sends the next message of the script and waits for the assistant's reply to it. */
    private void turn(WsConnection connection, int i) {
        connection.send(ProtocolCodec.encode(new ClientFrame.UserMessage(SCRIPT.get(i % SCRIPT.size()), "turn-" + i)));
        String messageId = next(ServerFrame.Ack.class).messageId();
        while (true) {
            ServerFrame.Message m = next(ServerFrame.Message.class);
            if (messageId.equals(m.message().replyTo())) {
                return;
            }
        }
    }

    private void awaitEveryone(CyclicBarrier warmedUp) {
        try {
            warmedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.CONNECTION, "interrupted", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new ExitException(ExitCodes.TIMEOUT, "another user failed during the warm-up", e);
        }
    }

    /** Skips frames until one of this type; an error frame or a close ends the user. */
    private <T extends ServerFrame> T next(Class<T> type) {
        while (true) {
            Object item;
            try {
                item = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExitException(ExitCodes.CONNECTION, "interrupted", e);
            }
            if (item == null) {
                throw new ExitException(ExitCodes.TIMEOUT, "no " + type.getSimpleName() + " within " + timeout);
            }
            if (item == CLOSED) {
                throw new ExitException(ExitCodes.CONNECTION, "the connection closed during the run");
            }
            if (item instanceof ServerFrame.ErrorFrame error) {
                throw new ExitException(ExitCodes.SERVER_ERROR, error.code() + ": " + error.message());
            }
            if (type.isInstance(item)) {
                return type.cast(item);
            }
        }
    }

    @Override
    public void onOpen(WsConnection connection) {
    }

    @Override
    public void onText(WsConnection connection, String text) {
        // Deltas are most of the traffic and need no decoding here: keep the load generator light.
        if (text.startsWith("{\"type\":\"assistant_delta\"")) {
            return;
        }
        if (ProtocolCodec.decodeServer(text) instanceof Decoded.Ok<ServerFrame> ok) {
            frames.add(ok.frame());
        }
    }

    @Override
    public void onClosed(WsConnection connection, int code, String reason) {
        frames.add(CLOSED);
    }

    @Override
    public void onFailure(WsConnection connection, Throwable error) {
        frames.add(CLOSED);
    }
}
