package dev.agentbuilder.chat.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private final ExecutorService urgentPool = Executors.newFixedThreadPool(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        urgentPool.shutdownNow();
    }

    @Test
    void anUrgentTaskRunsWhileTheOrdinaryPoolIsBusyWithOtherChatThreads() throws Exception {
        CountDownLatch otherThreadStreams = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        new SerialExecutor(pool, urgentPool).execute(() -> {
            otherThreadStreams.countDown();
            await(release);
        });
        assertThat(otherThreadStreams.await(5, TimeUnit.SECONDS)).isTrue();
        SerialExecutor executor = new SerialExecutor(pool, urgentPool);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ackSent = new CountDownLatch(1);

        executor.execute(() -> ran.add("delta"));
        executor.executeUrgent(() -> {
            ran.add("ack");
            ackSent.countDown();
        });

        assertThat(ackSent.await(5, TimeUnit.SECONDS)).as("the ack did not wait for the busy pool").isTrue();
        assertThat(release.getCount()).isOne();
        release.countDown();
        org.awaitility.Awaitility.await().until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("ack", "delta");
    }

    @Test
    void tasksOfOneExecutorNeverOverlapAndEachLaneKeepsItsOrder() throws Exception {
        ExecutorService wide = Executors.newFixedThreadPool(4);
        ExecutorService wideUrgent = Executors.newFixedThreadPool(2);
        try {
            SerialExecutor executor = new SerialExecutor(wide, wideUrgent);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Integer> ordinary = Collections.synchronizedList(new ArrayList<>());
            List<Integer> urgent = Collections.synchronizedList(new ArrayList<>());
            int each = 20_000;
            CountDownLatch done = new CountDownLatch(2 * each);
            for (int i = 0; i < each; i++) {
                int n = i;
                executor.execute(() -> run(inside, overlaps, () -> ordinary.add(n), done));
                executor.executeUrgent(() -> run(inside, overlaps, () -> urgent.add(n), done));
            }

            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps.get()).isZero();
            assertThat(ordinary).isSorted().hasSize(each);
            assertThat(urgent).isSorted().hasSize(each);
        } finally {
            wide.shutdownNow();
            wideUrgent.shutdownNow();
        }
    }

    private static void run(AtomicInteger inside, AtomicInteger overlaps, Runnable body, CountDownLatch done) {
        if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        body.run();
        inside.decrementAndGet();
        done.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
