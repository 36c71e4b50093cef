package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.SubmitResult.Accepted;
import dev.agentbuilder.chat.core.SubmitResult.Rejected;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.spi.ForwardingThreadStore;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import dev.langchain4j.data.message.SystemMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A change by hand while its write is under way: what comes right after it waits for the store's answer. */
@Timeout(60)
class DraftWritesInFlightTest {

    /** Holds every change by hand until the test lets it go to the real store, or fails it. */
    private static final class HeldDraftWrites extends ForwardingThreadStore {
        record Held(Runnable write, CompletableFuture<DraftAppend> done) {
        }

        final BlockingQueue<Held> held = new LinkedBlockingQueue<>();

        HeldDraftWrites(ThreadStore real) {
            super(real);
        }

        @Override
        public CompletableFuture<DraftAppend> appendUserDraft(String threadId, AgentDraft draft, DraftSource source,
                String clientMessageId) {
            CompletableFuture<DraftAppend> done = new CompletableFuture<>();
            held.add(new Held(() -> delegate.appendUserDraft(threadId, draft, source, clientMessageId)
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(r);
                        }
                    }), done));
            return done;
        }

        Held next() throws InterruptedException {
            Held next = held.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a change by hand being written").isNotNull();
            return next;
        }
    }

    private final ScriptedModel model = new ScriptedModel();
    private final ThreadStore memory = ThreadStores.inMemory();
    private final HeldDraftWrites store = new HeldDraftWrites(memory);
    private ChatEngine engine;
    private RecordingListener alice;
    private ThreadMember member;

    @BeforeEach
    void start() {
        engine = ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO).build();
        alice = new RecordingListener();
        member = engine.join("t1", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
    }

    @AfterEach
    void stop() {
        engine.shutdown(Duration.ZERO);
    }

    @Test
    void aMessageSentRightAfterAChangeIsAnsweredOnlyOnceTheChangeIsStoredAndFromIt() throws Exception {
        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        HeldDraftWrites.Held write = store.next();
        member.submit("It should always answer in French", "m1");
        alice.expect(Accepted.class);

        assertThat(model.waitingCalls()).as("no turn while the change is being written").isZero();
        write.write().run();

        ScriptedModel.Call call = model.awaitCall();
        String system = ((SystemMessage) call.request().messages().get(0)).text();
        assertThat(BuilderPrompt.draftIn(system).orElseThrow().name()).isEqualTo("Wanderlust");
        call.delta("Done.").complete();
        alice.untilReply();
    }

    @Test
    void aChangeThatFailsToBeStoredIsNotWhatTheNextTurnStartsFrom() throws Exception {
        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        HeldDraftWrites.Held write = store.next();
        member.submit("Hello", "m1");
        alice.expect(Accepted.class);

        write.done().completeExceptionally(new ChatException("disk full", true));

        assertThat(alice.await(Rejected.class).code()).isEqualTo(ErrorCode.INTERNAL);
        ScriptedModel.Call call = model.awaitCall();
        String system = ((SystemMessage) call.request().messages().get(0)).text();
        assertThat(BuilderPrompt.draftIn(system)).contains(AgentDraft.empty());
        call.delta("Hi.").complete();
        alice.untilReply();
        assertThat(memory.openThread("t1", "alice").draft()).isEqualTo(AgentDraft.empty());
    }

    @Test
    void aChangeResentWhileItIsBeingWrittenGetsTheOriginalsAnswerAsADuplicate() throws Exception {
        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        HeldDraftWrites.Held write = store.next();
        RecordingListener again = new RecordingListener();
        ThreadMember reconnected = engine.join("t1", "alice", 0, again);
        again.expect(ThreadSnapshot.class);

        reconnected.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        write.write().run();

        Accepted original = alice.expect(Accepted.class);
        Accepted resent = again.expect(Accepted.class);
        assertThat(original.duplicate()).isFalse();
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.seq()).isEqualTo(original.seq());
        assertThat(again.expect(AgentUpdated.class).seq()).isEqualTo(original.seq());
        assertThat(StoreKit.allEvents(memory, "t1", 0)).hasSize(1);
    }

    @Test
    void aJoinWhileAChangeIsBeingWrittenIsShownTheStoredDraftAndThenTheChange() throws Exception {
        member.updateAgent(0, new AgentChanges("Wanderlust", null, null, null, null), "e1");
        HeldDraftWrites.Held write = store.next();

        RecordingListener late = new RecordingListener();
        engine.join("t1", "alice", 0, late);
        assertThat(late.expect(ThreadSnapshot.class).agent()).isEqualTo(AgentDraft.empty());
        write.write().run();

        assertThat(late.expect(AgentUpdated.class).agent().name()).isEqualTo("Wanderlust");
        assertThat(List.of(alice.expect(Accepted.class))).hasSize(1);
    }
}
