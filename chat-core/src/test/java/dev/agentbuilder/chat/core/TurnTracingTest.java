package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a turn tells its {@link EngineTracer}: the turn, each model call, each tool call and each write, in order. */
@Timeout(60)
class TurnTracingTest {

    private final ScriptedModel model = new ScriptedModel();
    private final List<String> spans = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> turnsEnded = new LinkedBlockingQueue<>();
    private final ChatEngine engine = ChatEngine.builder().model(model).sessionGrace(Duration.ZERO)
            .tracer(new RecordingTracer()).build();

    @AfterEach
    void stop() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void aTurnWithAToolCallIsTracedAsTheTurnItsTwoModelCallsTheToolAndItsWritesWithNoMessageText()
            throws InterruptedException {
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);

        member.submit("Call it Wanderlust", "m1", Channel.BUILDER);
        ScriptedModel.Call first = model.awaitCall();
        ToolExecutionRequest rename = ToolExecutionRequest.builder().id("c1").name(BuilderTools.SET_NAME)
                .arguments("{\"name\":\"Wanderlust\"}").build();
        first.toolCall(0, rename);
        first.completeWithTools(rename);
        model.awaitCall().delta("Named it.").complete();
        alice.until(e -> e instanceof MessageAdded added && added.message().role() == Role.ASSISTANT);

        assertThat(turnsEnded.poll(10, TimeUnit.SECONDS)).isEqualTo("COMPLETED 11+7 and the estimate");
        assertThat(spans).containsSubsequence("turn t1 builder", "call", "first chunk", "tool set_name c1 ok",
                "completed tool_execution", "call", "first chunk", "completed stop", "write reply", "write ended")
                .contains("write drafts");
        assertThat(String.join("\n", spans)).doesNotContain("Wanderlust").doesNotContain("Named it");
    }

    /** Records each span's start and end as a line. */
    private final class RecordingTracer implements EngineTracer {
        @Override
        public TurnSpan turnStarted(String threadId, Channel channel) {
            spans.add("turn " + threadId + " " + channel.id());
            return new TurnSpan() {
                @Override
                public ModelCallSpan modelCall() {
                    spans.add("call");
                    return new ModelCallSpan() {
                        @Override
                        public void firstChunk() {
                            spans.add("first chunk");
                        }

                        @Override
                        public void completed(String responseModel, Usage usage, String finishReason) {
                            spans.add("completed " + finishReason);
                        }

                        @Override
                        public void failed(String reason) {
                            spans.add("failed " + reason);
                        }
                    };
                }

                @Override
                public ToolSpan toolCall(String name, String callId) {
                    return error -> spans.add("tool " + name + " " + callId + (error ? " error" : " ok"));
                }

                @Override
                public WriteSpan storeWrite(String operation) {
                    spans.add("write " + operation);
                    return failure -> spans.add(failure == null ? "write ended" : "write failed");
                }

                @Override
                public void ended(EngineObserver.TurnOutcome outcome, Usage usage) {
                    turnsEnded.add(outcome + (usage.outputTokens() > 7 && usage.inputTokens() > 11
                            ? " 11+7 and the estimate" : " " + usage));
                }
            };
        }
    }
}
