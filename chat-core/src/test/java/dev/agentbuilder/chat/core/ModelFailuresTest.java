package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a turn meets a failing model: retries before the first token, readable errors, tools applied mid-stream. */
@Timeout(60)
class ModelFailuresTest {

    private final ScriptedModel model = new ScriptedModel();
    private final RecordingListener alice = new RecordingListener();
    private ChatEngine engine;

    private ThreadMember join(UnaryOperator<ChatEngine.Builder> settings) {
        engine = settings.apply(ChatEngine.builder().model(model).sessionGrace(Duration.ZERO)
                .modelRetries(2, Duration.ofMillis(10))).build();
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        return member;
    }

    @AfterEach
    void shutDown() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void aRateLimitBeforeTheFirstTokenIsRetriedAndTheUserOnlySeesTheAnswer() {
        ThreadMember member = join(b -> b);
        member.submit("hello", "c1");
        model.awaitCall().fail(new RateLimitException(new HttpException(429, "slow down")));
        model.awaitCall().fail(new CompletionException(new ConnectException("Connection refused")));
        model.awaitCall().delta("Hi there").complete();

        MessageAdded reply = alice.until(e -> e instanceof MessageAdded m && m.message().role() == Role.ASSISTANT)
                .stream().filter(MessageAdded.class::isInstance).map(MessageAdded.class::cast)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(reply.message().content()).isEqualTo("Hi there");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        alice.assertExhausted();
    }

    @Test
    void retriesStopAfterTheConfiguredNumberAndTheErrorSaysTheProviderIsBusy() {
        ThreadMember member = join(b -> b);
        member.submit("hello", "c1");
        for (int attempt = 0; attempt < 3; attempt++) {
            model.awaitCall().fail(new RateLimitException(new HttpException(429, "slow down")));
        }

        TurnFailed failed = alice.await(TurnFailed.class);
        assertThat(failed.code()).isEqualTo(ErrorCode.AGENT_ERROR);
        assertThat(failed.message()).contains("busy").doesNotContain("429").doesNotContain("slow down");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        assertThat(model.waitingCalls()).isZero();
    }

    @Test
    void rejectedCredentialsAreNotRetriedAndTheErrorSaysSoWithoutTheProvidersWords() {
        ThreadMember member = join(b -> b);
        member.submit("hello", "c1");
        model.awaitCall().fail(new AuthenticationException(
                new HttpException(401, "Incorrect API key provided: sk-abc***wxyz")));

        TurnFailed failed = alice.await(TurnFailed.class);
        assertThat(failed.message()).contains("credentials").doesNotContain("sk-").doesNotContain("401");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        assertThat(model.waitingCalls()).isZero();

        member.submit("again", "c2");
        model.awaitCall().delta("Working again").complete();
        assertThat(alice.until(e -> e instanceof MessageAdded m && m.message().role() == Role.ASSISTANT))
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(MessageAdded.class,
                        m -> assertThat(m.message().content()).isEqualTo("Working again")));
    }

    @Test
    void aStreamThatBreaksAfterItsFirstTokenIsNotRetried() {
        ThreadMember member = join(b -> b);
        member.submit("hello", "c1");
        model.awaitCall().delta("Hal").fail(new IOException("connection reset"));

        assertThat(alice.await(TurnFailed.class).message()).contains("broke off");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        assertThat(model.waitingCalls()).isZero();
    }

    @Test
    void aModelThatNeverStartsIsGivenUpAfterTheFirstTokenTimeoutThenRetried() {
        ThreadMember member = join(b -> b.modelFirstTokenTimeout(Duration.ofMillis(100))
                .modelIdleTimeout(Duration.ofSeconds(30)));
        member.submit("hello", "c1");
        ScriptedModel.Call silent = model.awaitCall();
        model.awaitCall().delta("Sorry for the wait").complete();

        assertThat(alice.await(MessageAdded.class).message().role()).isEqualTo(Role.USER);
        assertThat(alice.await(MessageAdded.class).message().content()).isEqualTo("Sorry for the wait");
        silent.delta("late");
        assertThat(silent.awaitCancelled()).as("the given-up call is closed when it starts after all").isTrue();
    }

    @Test
    void aToolCallUpdatesTheDraftBeforeTheModelHasFinishedAnswering() {
        ThreadMember member = join(b -> b);
        member.submit("call it Wanderlust", "c1");
        ToolExecutionRequest rename = ToolExecutionRequest.builder()
                .id("call_1").name("set_name").arguments("{\"name\":\"Wanderlust\"}").build();
        ScriptedModel.Call call = model.awaitCall().delta("Naming it. ").toolCall(0, rename);

        assertThat(alice.await(AgentUpdated.class).agent().name()).isEqualTo("Wanderlust");
        call.completeWithTools(rename);
        model.awaitCall().delta("Done.").complete();
        MessageAdded reply = alice.await(MessageAdded.class);
        assertThat(reply.message().content()).isEqualTo("Naming it. Done.");
        assertThat(alice.expect(StatusChanged.class).state()).isEqualTo(TurnState.IDLE);
        alice.assertExhausted();
    }
}
