package dev.agentbuilder.chat.cli.internal;

import dev.agentbuilder.chat.cli.ExitCodes;
import dev.agentbuilder.chat.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One virtual user of {@code bench}: a connection (a {@link OneShot}: a client that does not reconnect) and a
 * conversation, one turn at a time, on the calling thread. What arrives is handed over by the client's thread through
 * the one-shot's queue.
 */
final class BenchUser {

    private static final List<String> SCRIPT = List.of(
            "I want an agent that helps me plan trips",
            "Call it Wanderlust",
            "It should always answer in French",
            "Add a conversation starter: Plan a weekend in Rome",
            "Enable web search",
            "What is still missing?");

    private final Target target;
    private final Duration timeout;

    BenchUser(Target target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    /**
     * Holds {@code warmup} turns, waits at {@code warmedUp} for every other user, then holds {@code turns} turns,
     * adding each one's latency in nanoseconds to {@code latencies}.
     */
    void converse(int warmup, CyclicBarrier warmedUp, int turns, Queue<Long> latencies) {
        try (OneShot shot = OneShot.open(target, Instant.now().plus(timeout), timeout)) {
            for (int i = 0; i < warmup; i++) {
                turn(shot, i);
            }
            awaitEveryone(warmedUp);
            for (int i = warmup; i < warmup + turns; i++) {
                long start = System.nanoTime();
                turn(shot, i);
                latencies.add(System.nanoTime() - start);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.CONNECTION, "interrupted", e);
        }
    }

    /** Sends the next message of the script and waits for the assistant's reply to it. */
    private void turn(OneShot shot, int i) throws InterruptedException {
        String id = shot.client().send(SCRIPT.get(i % SCRIPT.size()));
        String messageId = next(shot, ServerFrame.Ack.class, ack -> id.equals(ack.clientMessageId())).messageId();
        next(shot, ServerFrame.Message.class, m -> messageId.equals(m.message().replyTo()));
    }

    private void awaitEveryone(CyclicBarrier warmedUp) throws InterruptedException {
        try {
            warmedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new ExitException(ExitCodes.TIMEOUT, "another user failed during the warm-up", e);
        }
    }

    /** Skips frames until one of this type that is wanted; an error frame, a refusal or the end ends the user. */
    private <T extends ServerFrame> T next(OneShot shot, Class<T> type, Predicate<T> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            OneShot.Event event = shot.next(deadline);
            if (event == null) {
                throw new ExitException(ExitCodes.TIMEOUT, "no " + type.getSimpleName() + " within " + timeout);
            }
            if (event instanceof OneShot.Ended) {
                throw new ExitException(ExitCodes.CONNECTION, "the connection closed during the run");
            }
            if (event instanceof OneShot.Refused refused) {
                throw new ExitException(ExitCodes.SERVER_ERROR, refused.code() + ": " + refused.message());
            }
            ServerFrame frame = ((OneShot.Frame) event).frame();
            if (frame instanceof ServerFrame.ErrorFrame error) {
                throw new ExitException(ExitCodes.SERVER_ERROR, error.code() + ": " + error.message());
            }
            if (type.isInstance(frame) && wanted.test(type.cast(frame))) {
                return type.cast(frame);
            }
        }
    }
}
