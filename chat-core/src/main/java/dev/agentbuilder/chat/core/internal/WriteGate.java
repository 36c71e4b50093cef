package dev.agentbuilder.chat.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How a chat thread waits for its writes without waiting. A write is started and its continuation runs on the
 * thread's executor once the store completes it. A turn starts while its user message is being stored; what it does
 * that others could see is held here until the message is stored, then done in order, or dropped with the turn when
 * the message turns out not stored.
 *
 * <p>Confined to the session's executor.
 */
final class WriteGate {

    private final Scheduler scheduler;
    /** Ids of the user messages written but not yet acknowledged by the store. */
    private final Set<String> storing = new HashSet<>();
    /** What the running turn did while its user message was being stored, to do once it is. */
    private final List<Runnable> held = new ArrayList<>();

    WriteGate(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void storing(String userMessageId) {
        storing.add(userMessageId);
    }

    /** The store answered for the message, either way; returns what the turn held back for it, to run or drop. */
    List<Runnable> settled(String userMessageId, boolean heldForIt) {
        storing.remove(userMessageId);
        if (!heldForIt) {
            return List.of();
        }
        List<Runnable> effects = List.copyOf(held);
        held.clear();
        return effects;
    }

    /** Runs {@code effect} now, or once {@code userMessageId} (the running turn's, or null) is stored. */
    void onceStored(String userMessageId, Runnable effect) {
        if (userMessageId != null && storing.contains(userMessageId)) {
            held.add(effect);
        } else {
            effect.run();
        }
    }

    /** Drops what the turn held back: it is being undone. */
    void dropHeld() {
        held.clear();
    }

    /**
     * Starts a write and runs {@code then} on the thread's executor once it completes: at once if it has. A store
     * that throws instead of returning a failed future fails the write just the same. An urgent continuation (a user
     * message's ack) does not queue behind the session's other work.
     */
    <T> void whenWritten(Supplier<CompletableFuture<T>> start, boolean urgent, BiConsumer<T, Throwable> then) {
        CompletableFuture<T> write;
        try {
            write = start.get();
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        if (!write.isDone()) {
            write.whenComplete((result, failure) -> {
                Runnable continuation = () -> then.accept(result, unwrap(failure));
                if (urgent) {
                    scheduler.executeUrgent(continuation);
                } else {
                    scheduler.execute(continuation);
                }
            });
            return;
        }
        T result = null;
        Throwable failure = null;
        try {
            result = write.join();
        } catch (CompletionException | CancellationException e) {
            failure = unwrap(e);
        }
        then.accept(result, failure);
    }

    <T> void whenWritten(Supplier<CompletableFuture<T>> start, BiConsumer<T, Throwable> then) {
        whenWritten(start, false, then);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
