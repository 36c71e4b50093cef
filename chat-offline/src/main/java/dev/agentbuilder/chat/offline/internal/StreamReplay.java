package dev.agentbuilder.chat.offline.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a response that is already known, the way a provider would: the text word by word, then the tool calls,
 * then the complete response, each step a separate task on the shared "offline-model" thread and never on the
 * caller's. {@link #cancel()} stops it between steps; after that nothing more is delivered, not even the complete
 * response.
 *
 * <p>{@link #next} and {@link #handlerFailed} are confined to the scheduler thread (steps run one after another,
 * each scheduling the next); {@link #cancelled} is written by any thread.
 */
public final class StreamReplay implements StreamingHandle {

    private static final Logger log = LoggerFactory.getLogger(StreamReplay.class);

    /**
     * One daemon worker shared by every offline model, created on first use and never shut down: steps are tiny,
     * and a daemon worker cannot keep the JVM alive, so no model needs a close().
     */
    private static final class Scheduler {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "offline-model");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    private final ChatResponse response;
    private final List<String> chunks;
    private final StreamingChatResponseHandler handler;
    private final long delayNanos;
    private volatile boolean cancelled;
    private int next;
    private boolean handlerFailed;

    private StreamReplay(ChatResponse response, StreamingChatResponseHandler handler, Duration chunkDelay) {
        this.response = Objects.requireNonNull(response, "response");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.chunks = WordChunks.split(response.aiMessage().text());
        this.delayNanos = chunkDelay.toNanos();
    }

    /** Starts streaming {@code response} to {@code handler} and returns at once. */
    public static StreamReplay start(ChatResponse response, StreamingChatResponseHandler handler, Duration chunkDelay) {
        StreamReplay replay = new StreamReplay(response, handler, chunkDelay);
        Scheduler.INSTANCE.execute(replay::step);
        return replay;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    private void step() {
        if (cancelled) {
            return;
        }
        if (next < chunks.size()) {
            String chunk = chunks.get(next++);
            deliver(() -> handler.onPartialResponse(new PartialResponse(chunk), new PartialResponseContext(this)));
            Scheduler.INSTANCE.schedule(this::step, delayNanos, TimeUnit.NANOSECONDS);
            return;
        }
        List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
        for (int i = 0; i < calls.size() && !cancelled; i++) {
            CompleteToolCall call = new CompleteToolCall(i, calls.get(i));
            deliver(() -> handler.onCompleteToolCall(call));
        }
        if (!cancelled) {
            deliver(() -> handler.onCompleteResponse(response));
        }
    }

    /**
     * A handler that throws must not stop the stream half way, or its caller would wait for a completion forever;
     * and this model never reports errors, so the exception is only logged, once per stream.
     */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            if (!handlerFailed) {
                handlerFailed = true;
                log.warn("a streaming handler callback threw; the offline model carries on and logs no more for "
                        + "this stream", e);
            }
        }
    }
}
