package dev.agentbuilder.chat.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.StoreKit;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.core.ThreadInfo.ThreadTokens;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.Usage;
import dev.agentbuilder.chat.core.spi.ThreadStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ThreadStore} counts of the tokens its replies used: each thread's totals in its listing, and each
 * owner's tokens per UTC day, which a daily budget reads.
 */
public abstract class TokenUsageContract {

    private static final LocalDate DAY = LocalDate.parse("2026-12-07");
    private final List<ThreadStore> open = new ArrayList<>();

    /** A store over empty storage, the same storage for every call within one test. */
    protected abstract ThreadStore openStore();

    /** Whether a store opened again over the same storage finds what an earlier one stored. */
    protected abstract boolean durable();

    protected final ThreadStore store() {
        ThreadStore store = openStore();
        open.add(store);
        return store;
    }

    @AfterEach
    void closeAll() {
        List.copyOf(open).forEach(ThreadStore::close);
        open.clear();
    }

    @Test
    protected void aRepliesTokensAddUpInItsThreadsListingAndItsOwnersDay() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        store.openThread("t2", "alice");
        answer(store, "t1", "u-1", "2026-12-07T08:00:00Z", new Usage(100, 20), Channel.BUILDER);
        answer(store, "t1", "u-2", "2026-12-07T09:00:00Z", new Usage(150, 30), Channel.PREVIEW);
        answer(store, "t2", "u-3", "2026-12-07T23:59:59.999Z", new Usage(7, 3), Channel.BUILDER);

        assertThat(tokens(store, "t1")).isEqualTo(new ThreadTokens(250, 50));
        assertThat(tokens(store, "t2")).isEqualTo(new ThreadTokens(7, 3));
        assertThat(store.tokensUsed("alice", DAY)).isEqualTo(310);
        if (durable()) {
            store.close();
            open.remove(store);
            ThreadStore again = store();
            assertThat(again.tokensUsed("alice", DAY)).isEqualTo(310);
            assertThat(tokens(again, "t1")).isEqualTo(new ThreadTokens(250, 50));
        }
    }

    @Test
    protected void eachUsersTokensAreTheirsAndEachDayStartsFromNothing() {
        ThreadStore store = store();
        store.openThread("a", "alice");
        store.openThread("b", "bob");
        answer(store, "a", "u-1", "2026-12-07T23:59:59Z", new Usage(40, 2), Channel.BUILDER);
        answer(store, "a", "u-2", "2026-12-08T00:00:00Z", new Usage(5, 5), Channel.BUILDER);
        answer(store, "b", "u-3", "2026-12-07T12:00:00Z", new Usage(1, 1), Channel.BUILDER);

        assertThat(store.tokensUsed("alice", DAY)).isEqualTo(42);
        assertThat(store.tokensUsed("alice", DAY.plusDays(1))).isEqualTo(10);
        assertThat(store.tokensUsed("bob", DAY)).isEqualTo(2);
        assertThat(store.tokensUsed("carol", DAY)).isZero();
    }

    @Test
    protected void aReplyWithoutUsageCountsNothingAndADeletedThreadsTokensStillCount() {
        ThreadStore store = store();
        store.openThread("t1", "alice");
        answer(store, "t1", "u-1", "2026-12-07T10:00:00Z", null, Channel.BUILDER);
        assertThat(tokens(store, "t1")).isEqualTo(ThreadTokens.NONE);
        assertThat(store.tokensUsed("alice", DAY)).isZero();

        answer(store, "t1", "u-2", "2026-12-07T11:00:00Z", new Usage(60, 40), Channel.BUILDER);
        assertThat(store.directory().delete("t1").join()).isTrue();

        assertThat(store.tokensUsed("alice", DAY)).as("tokens spent before the deletion").isEqualTo(100);
    }

    private static void answer(ThreadStore store, String threadId, String userMessageId, String at, Usage usage,
            Channel channel) {
        Instant time = Instant.parse(at);
        store.appendUserMessage(threadId, ThreadMessage.user(userMessageId, "question", time, "alice", null, channel))
                .join();
        StoreKit.appendReply(store, threadId, ThreadMessage.assistant("r-" + userMessageId, "answer", time,
                userMessageId, false, usage, channel)).join();
    }

    private static ThreadTokens tokens(ThreadStore store, String threadId) {
        return store.directory().thread(threadId).map(ThreadInfo::tokens).orElseThrow();
    }
}
