package dev.agentbuilder.chat.core.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of one streaming model call. The model calls back on its own workers; every callback is handed over
 * to the session's executor, where the {@link Listener} runs. The listener compares the call with its current one
 * and drops callbacks of calls it gave up.
 *
 * <p>{@link #handle} and {@link #abandoned} are written by the model's workers and the session's executor, hence
 * volatile; nothing else is mutable.
 */
final class ModelCall implements StreamingChatResponseHandler {

    private static final Logger log = LoggerFactory.getLogger(ModelCall.class);

    /** What the call reports, always on the session's executor. */
    interface Listener {
        void onDelta(ModelCall call, String text);

        /** Something streamed that is not text: a piece of a tool call, or thinking. */
        void onStreaming(ModelCall call);

        /** One tool call streamed completely, before the response is complete. */
        void onToolCall(ModelCall call, ToolExecutionRequest request);

        void onComplete(ModelCall call, ChatResponse response);

        void onError(ModelCall call, Throwable error);
    }

    private final Executor executor;
    private final Listener listener;
    private volatile StreamingHandle handle;
    private volatile boolean abandoned;

    ModelCall(Executor executor, Listener listener) {
        this.executor = executor;
        this.listener = listener;
    }

    @Override
    public void onPartialResponse(String partialResponse) {
        executor.execute(() -> listener.onDelta(this, partialResponse));
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        if (holdsOn(context.streamingHandle())) {
            executor.execute(() -> listener.onDelta(this, partialResponse.text()));
        }
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        if (holdsOn(context.streamingHandle())) {
            executor.execute(() -> listener.onStreaming(this));
        }
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
        executor.execute(() -> listener.onStreaming(this));
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        if (holdsOn(context.streamingHandle())) {
            executor.execute(() -> listener.onStreaming(this));
        }
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        ToolExecutionRequest request = completeToolCall.toolExecutionRequest();
        executor.execute(() -> listener.onToolCall(this, request));
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        executor.execute(() -> listener.onComplete(this, completeResponse));
    }

    @Override
    public void onError(Throwable error) {
        executor.execute(() -> listener.onError(this, error));
    }

    /**
     * Closes the provider's stream (its HTTP connection, for the real providers): now if it has started streaming,
     * else at its first event. Nothing the call reports after this reaches the listener's current call.
     */
    void cancelUpstream() {
        abandoned = true;
        StreamingHandle h = handle;
        if (h != null && !h.isCancelled()) {
            try {
                h.cancel();
            } catch (RuntimeException e) {
                log.debug("cancelling a model stream failed", e);
            }
        }
    }

    /** Remembers the stream's handle; false (and the stream closed) when the call was given up already. */
    private boolean holdsOn(StreamingHandle streamingHandle) {
        if (streamingHandle != null) {
            handle = streamingHandle;
        }
        if (abandoned) {
            cancelUpstream();
            return false;
        }
        return true;
    }
}
