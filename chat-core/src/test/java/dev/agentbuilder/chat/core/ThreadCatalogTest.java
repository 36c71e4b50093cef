package dev.agentbuilder.chat.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.RecordingListener.Refusal;
import dev.agentbuilder.chat.core.ThreadCatalog.ThreadPage;
import dev.agentbuilder.chat.core.spi.ChatMemories;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's catalog of threads: listed, watched, renamed, deleted on request and past their retention. */
@Timeout(60)
class ThreadCatalogTest {

    private final ScriptedModel model = new ScriptedModel();
    private final ThreadStore store = ThreadStores.inMemory();
    private ChatEngine engine;

    private ChatEngine engine(UnaryOperator<ChatEngine.Builder> settings) {
        engine = settings.apply(ChatEngine.builder().model(model).store(store).sessionGrace(Duration.ZERO)).build();
        return engine;
    }

    @AfterEach
    void shutDown() {
        if (engine != null) {
            engine.shutdown(Duration.ZERO);
        }
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** Joins, sends one message and lets the model answer it. */
    private RecordingListener chat(String threadId, String userId, String content) {
        RecordingListener member = new RecordingListener();
        ThreadMember m = engine.join(threadId, userId, 0, member);
        member.expect(ThreadSnapshot.class);
        m.submit(content, "c-" + threadId);
        model.awaitCall().delta("Sure.").complete();
        member.untilReply();
        return member;
    }

    @Test
    void aDeletionStopsTheRunningTurnTellsTheMembersAndLeavesNothingOfTheThread() throws Exception {
        engine(b -> b);
        RecordingListener alice = new RecordingListener();
        ThreadMember member = engine.join("doomed", "alice", 0, alice);
        alice.expect(ThreadSnapshot.class);
        member.submit("I want an agent that helps me plan trips", "c1");
        ScriptedModel.Call call = model.awaitCall();
        call.delta("Let me");
        alice.await(ThreadEvent.AssistantDelta.class);

        assertThat(done(engine.threads().delete("doomed", "alice"))).isTrue();

        assertThat(alice.await(Refusal.class).code()).isEqualTo(ErrorCode.THREAD_DELETED);
        assertThat(call.awaitCancelled()).isTrue();
        assertThat(done(engine.threads().details("doomed"))).isEmpty();
        assertThat(store.directory().thread("doomed")).isEmpty();
        ChatMemories.ids("doomed").forEach(id -> assertThat(store.chatMemory(id)).isEmpty());

        RecordingListener again = new RecordingListener();
        engine.join("doomed", "alice", 0, again);
        ThreadSnapshot fresh = again.expect(ThreadSnapshot.class);
        assertThat(fresh.lastSeq()).isZero();
        assertThat(fresh.agent().version()).isZero();
        assertThat(store.eventsAfter("doomed", 0, 100)).isEmpty();
    }

    @Test
    void anotherUsersThreadIsNeitherRenamedNorDeleted() throws Exception {
        engine(b -> b);
        chat("bobs", "bob", "I want an agent that writes poems");

        assertThat(done(engine.threads().rename("bobs", "alice", "Mine"))).isEmpty();
        assertThat(done(engine.threads().delete("bobs", "alice"))).isFalse();

        ThreadInfo info = done(engine.threads().details("bobs")).orElseThrow().info();
        assertThat(info.ownerUserId()).isEqualTo("bob");
        assertThat(info.messageCount()).isEqualTo(2);
        assertThat(info.title()).isNotEqualTo("Mine");
    }

    @Test
    void aWatcherHearsEveryChangeToItsUsersListWithTheThreadAsItIsNow() throws Exception {
        engine(b -> b);
        BlockingQueue<Object[]> heard = new LinkedBlockingQueue<>();
        ThreadCatalog.Watch watch = engine.threads().watch("alice",
                (change, now) -> heard.add(new Object[] {change, now}));

        chat("trips", "alice", "I want an agent that helps me plan trips");
        assertThat(next(heard).kind()).isEqualTo(ThreadChange.Kind.CREATED);
        Object[] updated = nextOf(heard, ThreadChange.Kind.UPDATED);
        assertThat(((Optional<?>) updated[1])).isPresent();

        done(engine.threads().rename("trips", "alice", "Trips"));
        Object[] renamed = nextOf(heard, ThreadChange.Kind.RENAMED);
        assertThat(((Optional<ThreadInfo>) renamed[1]).orElseThrow().title()).isEqualTo("Trips");

        done(engine.threads().delete("trips", null));
        Object[] deleted = nextOf(heard, ThreadChange.Kind.DELETED);
        assertThat(((Optional<?>) deleted[1])).isEmpty();

        watch.close();
        chat("other", "alice", "Another one");
        assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aPageIsReadOnlyWithTheCursorOfItsOwnSearch() throws Exception {
        engine(b -> b);
        for (String id : List.of("a1", "a2", "a3")) {
            RecordingListener member = new RecordingListener();
            engine.join(id, "alice", 0, member);
            member.expect(ThreadSnapshot.class);
        }
        ThreadPage page = done(engine.threads().list("alice", null, null, 2));
        assertThat(page.threads()).hasSize(2);
        assertThat(page.nextCursor()).isNotNull();
        assertThat(done(engine.threads().list("alice", null, page.nextCursor(), 2)).threads()).hasSize(1);

        assertThatThrownBy(() -> engine.threads().list("alice", "trip", page.nextCursor(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another list");
        assertThatThrownBy(() -> engine.threads().list("bob", null, page.nextCursor(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another list");
        assertThatThrownBy(() -> engine.threads().list("alice", null, "bm90IG91cnM", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid");
        assertThatThrownBy(() -> engine.threads().list("alice", null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.threads().rename("a1", "alice", "x".repeat(121)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("120");
    }

    @Test
    void threadsIdleLongerThanTheRetentionPeriodAreDeletedAndCounted() throws Exception {
        AtomicInteger expired = new AtomicInteger();
        engine(b -> b.retention(Duration.ofMillis(400)).observer(new EngineObserver() {
            @Override
            public void threadDeleted(boolean byRetention) {
                if (byRetention) {
                    expired.incrementAndGet();
                }
            }
        }));
        BlockingQueue<Object[]> heard = new LinkedBlockingQueue<>();
        engine.threads().watch("alice", (change, now) -> heard.add(new Object[] {change, now}));
        chat("old", "alice", "I want an agent that helps me plan trips");

        Object[] deleted = nextOf(heard, ThreadChange.Kind.DELETED);
        assertThat(((ThreadChange) deleted[0]).threadId()).isEqualTo("old");
        assertThat(store.directory().thread("old")).isEmpty();
        // Counted as the deletion completes, which may be just after its watchers were told.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(expired.get()).isEqualTo(1));
    }

    private static ThreadChange next(BlockingQueue<Object[]> heard) throws InterruptedException {
        Object[] change = heard.poll(10, TimeUnit.SECONDS);
        assertThat(change).as("a change within 10 s").isNotNull();
        return (ThreadChange) change[0];
    }

    private static Object[] nextOf(BlockingQueue<Object[]> heard, ThreadChange.Kind kind) throws InterruptedException {
        while (true) {
            Object[] change = heard.poll(10, TimeUnit.SECONDS);
            assertThat(change).as("a %s change within 10 s", kind).isNotNull();
            if (((ThreadChange) change[0]).kind() == kind) {
                return change;
            }
        }
    }
}
