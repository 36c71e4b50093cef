package dev.agentbuilder.chat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tool calls that ran while streaming are not run again when the complete response lists them. */
class ResponseToolCallsTest {

    private final ResponseToolCalls tools = new ResponseToolCalls(AgentDraft.empty(),
            EngineTracer.NONE.turnStarted("thread", Channel.BUILDER));

    @Test
    void aCallThatRanWhileStreamingIsNotRunAgainEvenWhenTheCompleteResponseGaveItAnotherId() {
        tools.run(call("call_1", "add_conversation_starter", "{\"starter\":\"Plan a weekend in Rome\"}"));
        List<AgentDraft> streamed = tools.takeChanges();

        // Some OpenAI-compatible servers repeat the id in every chunk; the complete response then holds it twice.
        ToolExecutionRequest complete = call("call_1call_1", "add_conversation_starter",
                "{\"starter\":\"Plan a weekend in Rome\"}");
        List<ResponseToolCalls.Ran> results = tools.complete(List.of(complete));

        assertThat(streamed).hasSize(1);
        assertThat(streamed.get(0).conversationStarters()).containsExactly("Plan a weekend in Rome");
        assertThat(tools.takeChanges()).isEmpty();
        assertThat(results).singleElement().satisfies(ran -> {
            assertThat(ran.request().id()).isEqualTo("call_1call_1");
            assertThat(ran.result().error()).isFalse();
        });
    }

    @Test
    void aCallTheStreamDidNotCompleteRunsWhenTheResponseIsComplete() {
        tools.run(call("call_1", "set_name", "{\"name\":\"Wanderlust\"}"));
        tools.takeChanges();

        List<ResponseToolCalls.Ran> results = tools.complete(List.of(
                call("call_1", "set_name", "{\"name\":\"Wanderlust\"}"),
                call("call_2", "set_description", "{\"description\":\"Plans trips\"}")));

        assertThat(results).extracting(ran -> ran.request().id()).containsExactly("call_1", "call_2");
        assertThat(tools.takeChanges()).singleElement()
                .satisfies(d -> assertThat(d.description()).isEqualTo("Plans trips"));
    }

    private static ToolExecutionRequest call(String id, String name, String arguments) {
        return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
    }
}
