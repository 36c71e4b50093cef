package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Queues every callback a member gets, so a test can take them in order and check nothing else came. */
public final class RecordingListener implements ThreadListener {

    /** A refused join, as recorded. */
    public record Refusal(ErrorCode code, String message) {
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @Override
    public void onReady(ThreadSnapshot snapshot) {
        received.add(snapshot);
    }

    @Override
    public void onEvent(ThreadEvent event) {
        received.add(event);
    }

    @Override
    public void onSubmitResult(SubmitResult result) {
        received.add(result);
    }

    @Override
    public void onRefused(ErrorCode code, String message) {
        received.add(new Refusal(code, message));
    }

    public Object next() {
        try {
            Object next = received.poll(ScriptedModel.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                fail("no callback within " + ScriptedModel.TIMEOUT);
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next callback, which must be of this type. */
    public <T> T expect(Class<T> type) {
        Object next = next();
        assertThat(next).isInstanceOf(type);
        return type.cast(next);
    }

    /** Skips callbacks until one of this type. */
    public <T> T await(Class<T> type) {
        List<Object> all = until(type::isInstance);
        return type.cast(all.get(all.size() - 1));
    }

    /** Callbacks up to and including the first that matches. */
    public List<Object> until(Predicate<Object> last) {
        List<Object> all = new ArrayList<>();
        while (true) {
            Object next;
            try {
                next = next();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; before it came " + all, e);
            }
            all.add(next);
            if (last.test(next)) {
                return all;
            }
        }
    }

    /** Callbacks up to and including the assistant message (the end of a turn). */
    public List<Object> untilReply() {
        return until(o -> o instanceof ThreadEvent.MessageAdded m && m.message().role() == Role.ASSISTANT);
    }

    public void assertExhausted() {
        assertThat(received).as("callbacks nobody expected").isEmpty();
    }
}
