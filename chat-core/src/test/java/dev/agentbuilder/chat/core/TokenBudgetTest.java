package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.SubmitResult.QuotaExceeded;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A daily token budget per user: counted from what each model call reports (or its estimate), across the user's
 * threads and both channels; once spent, a new message is refused before it is stored and before any model call.
 */
@Timeout(60)
class TokenBudgetTest {

    /** {@link ScriptedModel.Call#complete} reports 11 input and 7 output tokens. */
    private static final int CALL_TOKENS = 18;

    private final ScriptedModel model = new ScriptedModel();
    private final ThreadStore store = ThreadStores.inMemory();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T22:00:00Z"));
    private final List<Usage> counted = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private ChatEngine engine;

    private ChatEngine engine(long budget) {
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO).clock(clock)
                .tokensPerUserPerDay(budget)
                .observer(new EngineObserver() {
                    @Override
                    public void modelTokens(String modelName, Usage usage) {
                        counted.add(usage);
                    }

                    @Override
                    public void quotaRefused() {
                        refusals.add("refused");
                    }
                }).build();
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.shutdown(Duration.ZERO);
        }
    }

    @Test
    void onceTheDaysTokensAreSpentTheNextMessageIsRefusedBeforeItIsStoredOrAnyModelIsCalled() {
        engine(2 * CALL_TOKENS - 1);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        assertThat(alice.expect(ThreadSnapshot.class).quota()).isEqualTo(
                new TokenQuota(0, 2 * CALL_TOKENS - 1, Instant.parse("2026-12-08T00:00:00Z")));

        answer(alice, member, "m1", Channel.BUILDER);
        answer(alice, member, "m2", Channel.PREVIEW);
        long stored = store.openThread("t1", "alice").lastSeq();

        member.submit("One more", "m3", Channel.BUILDER);

        QuotaExceeded refused = alice.await(QuotaExceeded.class);
        assertThat(refused.clientMessageId()).isEqualTo("m3");
        assertThat(refused.quota()).isEqualTo(new TokenQuota(2 * CALL_TOKENS, 2 * CALL_TOKENS - 1,
                Instant.parse("2026-12-08T00:00:00Z")));
        assertThat(refused.message()).contains("2026-12-08T00:00:00Z");
        assertThat(store.openThread("t1", "alice").lastSeq()).as("nothing stored").isEqualTo(stored);
        assertThat(model.waitingCalls()).as("no model call").isZero();
        assertThat(refusals).hasSize(1);
    }

    @Test
    void theBudgetIsTheUsersAcrossTheirThreadsAndNotAnotherUsers() {
        engine(CALL_TOKENS);
        RecordingListener alice = new RecordingListener();
        ThreadMember first = engine.join("a1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        answer(alice, first, "m1", Channel.BUILDER);

        RecordingListener aliceElsewhere = new RecordingListener();
        ThreadMember second = engine.join("a2", "alice", 0, aliceElsewhere);
        assertThat(aliceElsewhere.expect(ThreadSnapshot.class).quota().used()).isEqualTo(CALL_TOKENS);
        second.submit("Hello", "m2", Channel.PREVIEW);
        assertThat(aliceElsewhere.await(QuotaExceeded.class).quota().spent()).isTrue();

        RecordingListener bob = new RecordingListener();
        ThreadMember bobs = engine.join("b1", "bob", 0, bob);
        assertThat(bob.expect(ThreadSnapshot.class).quota().used()).isZero();
        answer(bob, bobs, "m1", Channel.BUILDER);
    }

    @Test
    void aNewUtcDayStartsFromNothing() {
        engine(CALL_TOKENS);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        answer(alice, member, "m1", Channel.BUILDER);
        member.submit("Again", "m2", Channel.BUILDER);
        alice.await(QuotaExceeded.class);

        clock.set(Instant.parse("2026-12-08T00:00:00Z"));

        answer(alice, member, "m3", Channel.BUILDER);
    }

    @Test
    void aModelThatReportsNoUsageIsCountedByTheEstimateOfWhatWasSentAndReceived() {
        engine(0);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("t1", "alice", 0, alice);
        assertThat(alice.expect(ThreadSnapshot.class).quota()).as("no budget, no quota").isNull();

        member.submit("Call it Wanderlust", "m1", Channel.BUILDER);
        ScriptedModel.Call call = model.awaitCall();
        ToolExecutionRequest rename = ToolExecutionRequest.builder().id("c1").name(BuilderTools.SET_NAME)
                .arguments("{\"name\":\"Wanderlust\"}").build();
        long sent = call.request().messages().stream().mapToLong(m -> m.toString().length()).sum();
        call.completeWithTools(rename);
        model.awaitCall().delta("Done.").complete();
        MessageAdded reply = alice.await(MessageAdded.class);
        while (reply.message().role() != Role.ASSISTANT) {
            reply = alice.await(MessageAdded.class);
        }

        assertThat(counted).hasSize(2);
        Usage estimated = counted.get(0);
        assertThat(estimated.inputTokens()).as("a token per 4 characters of the request").isPositive()
                .isLessThanOrEqualTo((int) (sent / Usage.CHARS_PER_TOKEN) + 1);
        assertThat(estimated.outputTokens()).isEqualTo(
                (BuilderTools.SET_NAME.length() + rename.arguments().length() + 3) / 4);
        assertThat(reply.message().usage()).isEqualTo(estimated.plus(new Usage(11, 7)));
        assertThat(store.tokensUsed("alice", TokenQuota.today(clock))).isEqualTo(reply.message().usage().total());
    }

    private void answer(RecordingListener listener, ThreadMember member, String clientMessageId, Channel channel) {
        member.submit("Question " + clientMessageId, clientMessageId, channel);
        assertThat(listener.await(Accepted.class).clientMessageId()).isEqualTo(clientMessageId);
        model.awaitCall().delta("Answer").complete();
        List<Object> turn = listener.until(e -> e instanceof MessageAdded added
                && added.message().role() == Role.ASSISTANT);
        assertThat(((MessageAdded) turn.get(turn.size() - 1)).message().usage()).isEqualTo(new Usage(11, 7));
    }

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
