package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.fail;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a remote language model whose stream the test drives by hand: every model call waits in a queue
 * until the test takes it and says what to stream. Shared with chat-server's tests through chat-core's test jar.
 */
public final class ScriptedModel implements StreamingChatModel {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        calls.add(new Call(request, handler));
    }

    /** The next model call the engine made. */
    public Call awaitCall() {
        try {
            Call call = calls.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (call == null) {
                fail("the engine made no model call within " + TIMEOUT);
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Calls made and not yet taken. */
    public int waitingCalls() {
        return calls.size();
    }

    /** One model call: the request the engine sent, and the controls for its stream. */
    public static final class Call {
        private final ChatRequest request;
        private final StreamingChatResponseHandler handler;
        private final CountDownLatch cancelled = new CountDownLatch(1);
        private final StringBuilder text = new StringBuilder();
        private final StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancelled.countDown();
            }

            @Override
            public boolean isCancelled() {
                return cancelled.getCount() == 0;
            }
        };

        Call(ChatRequest request, StreamingChatResponseHandler handler) {
            this.request = request;
            this.handler = handler;
        }

        public ChatRequest request() {
            return request;
        }

        /** The text of the last message the model was sent. */
        public String lastMessageText() {
            return request.messages().get(request.messages().size() - 1).toString();
        }

        public Call delta(String chunk) {
            text.append(chunk);
            handler.onPartialResponse(new PartialResponse(chunk), new PartialResponseContext(handle));
            return this;
        }

        /** Streams one complete tool call, the way providers report it before the response is complete. */
        public Call toolCall(int index, ToolExecutionRequest request) {
            handler.onCompleteToolCall(new CompleteToolCall(index, request));
            return this;
        }

        /** Ends the call with the text streamed so far. */
        public void complete() {
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(AiMessage.from(text.toString()))
                    .tokenUsage(new TokenUsage(11, 7))
                    .finishReason(FinishReason.STOP)
                    .build());
        }

        /** Ends the call asking for tools to run. */
        public void completeWithTools(ToolExecutionRequest... requests) {
            handler.onCompleteResponse(ChatResponse.builder()
                    .aiMessage(text.isEmpty()
                            ? AiMessage.from(List.of(requests))
                            : AiMessage.from(text.toString(), List.of(requests)))
                    .finishReason(FinishReason.TOOL_EXECUTION)
                    .build());
        }

        public void fail(Throwable error) {
            handler.onError(error);
        }

        /** Waits until the engine cancelled this call's stream. */
        public boolean awaitCancelled() {
            try {
                return cancelled.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
