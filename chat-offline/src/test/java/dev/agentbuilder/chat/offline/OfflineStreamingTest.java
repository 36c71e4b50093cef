package dev.agentbuilder.chat.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.offline.OfflineHarness.Chunk;
import dev.agentbuilder.chat.offline.OfflineHarness.Path;
import dev.agentbuilder.chat.offline.OfflineHarness.Streamed;
import dev.agentbuilder.chat.offline.OfflineHarness.Turn;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OfflineStreamingTest {

    @Test
    void aMultiWordReplyStreamsAsSeveralDeltasThatAddUpToTheText() {
        Turn turn = OfflineHarness.on(Path.STREAMING).say("hello");

        assertThat(turn.chunks()).hasSizeGreaterThan(10);
        assertThat(String.join("", turn.chunks())).isEqualTo(turn.reply());
        assertThat(turn.chunks()).allSatisfy(chunk -> assertThat(chunk).isNotEmpty().matches("(?s)\\S+\\s*"));
        assertThat(turn.chunks().get(0)).isEqualTo("Hi! ");
    }

    @Test
    void callbacksArriveOnTheOfflineModelThreadNeverTheCallers() {
        Streamed streamed = OfflineHarness.stream(OfflineBuilderModel.create(), OfflineHarness.firstRequest("hi"));

        assertThat(streamed.threads()).isNotEmpty().containsOnly("offline-model");
        assertThat(Thread.currentThread().getName()).isNotEqualTo("offline-model");
    }

    @Test
    void toolCallsArriveAsCompleteToolCallsBeforeTheResponseWithNoText() {
        ChatRequest request = OfflineHarness.firstRequest("I want an agent that helps me plan trips");

        Streamed streamed = OfflineHarness.stream(OfflineBuilderModel.create(), request);

        assertThat(streamed.chunks()).isEmpty();
        assertThat(streamed.toolCalls()).extracting(CompleteToolCall::index).containsExactly(0, 1, 2);
        assertThat(streamed.toolCalls()).extracting(CompleteToolCall::toolExecutionRequest)
                .isEqualTo(streamed.response().aiMessage().toolExecutionRequests());
        assertThat(streamed.response().aiMessage().text()).isNull();
    }

    @Test
    void cancellingThroughTheHandleStopsFurtherChunksAndTheCompletion() throws InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        StreamingChatResponseHandler recorder = OfflineHarness.recorder(events);
        // Cancel inside the first chunk's callback: no timing decides what the stream may still send.
        StreamingChatResponseHandler cancelAtOnce = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                context.streamingHandle().cancel();
                recorder.onPartialResponse(partial, context);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                recorder.onCompleteResponse(response);
            }

            @Override
            public void onError(Throwable error) {
                recorder.onError(error);
            }
        };

        OfflineBuilderModel.create().chat(OfflineHarness.firstRequest("hello"), cancelAtOnce);
        Chunk first = (Chunk) OfflineHarness.poll(events);

        assertThat(first.context().streamingHandle().isCancelled()).isTrue();
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("anything after the cancel").isNull();
    }

    @Test
    void aSlowStreamStillDeliversEverythingInOrder() {
        OfflineBuilderModel model = OfflineBuilderModel.withChunkDelay(Duration.ofMillis(1));

        Streamed streamed = OfflineHarness.stream(model, OfflineHarness.firstRequest("what now?"));

        assertThat(streamed.chunks()).hasSizeGreaterThan(1);
        assertThat(String.join("", streamed.chunks())).isEqualTo(streamed.response().aiMessage().text());
    }

    @Test
    void tokenUsageIsTheEnginesEstimateAndTheFinishReasonSaysWhatComesNext() {
        ChatRequest request = OfflineHarness.firstRequest("Call it Wanderlust");
        long requestChars = request.messages().stream().mapToLong(m -> OfflineHarness.text(m).length()).sum();

        ChatResponse calls = OfflineBuilderModel.create().chat(request);
        ChatResponse text = OfflineBuilderModel.create().chat(OfflineHarness.firstRequest("hello there"));

        assertThat(calls.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(calls.tokenUsage().inputTokenCount()).as("a token per 4 characters, rounded up")
                .isEqualTo((int) ((requestChars + 3) / 4));
        ToolExecutionRequest call = calls.aiMessage().toolExecutionRequests().get(0);
        assertThat(calls.tokenUsage().outputTokenCount())
                .isEqualTo((call.name().length() + call.arguments().length() + 3) / 4);
        assertThat(text.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(text.tokenUsage().outputTokenCount()).isEqualTo((text.aiMessage().text().length() + 3) / 4);
    }

    @Test
    void aHandlerThatThrowsStillGetsEveryCallbackAndNoError() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        StreamingChatResponseHandler recorder = OfflineHarness.recorder(events);
        StreamingChatResponseHandler throwing = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                recorder.onPartialResponse(partial, context);
                throw new IllegalStateException("handler bug");
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                recorder.onCompleteResponse(response);
            }

            @Override
            public void onError(Throwable error) {
                recorder.onError(error);
            }
        };

        OfflineBuilderModel.create().chat(OfflineHarness.firstRequest("hello"), throwing);

        Streamed streamed = OfflineHarness.collect(events);
        assertThat(streamed.chunks()).hasSizeGreaterThan(1);
    }

    @Test
    void aNegativeChunkDelayIsRefused() {
        assertThatThrownBy(() -> OfflineBuilderModel.withChunkDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-0.001S");
        assertThat(OfflineBuilderModel.create().chunkDelay()).isEqualTo(Duration.ZERO);
    }
}
