package dev.agentbuilder.chat.client;

import dev.agentbuilder.chat.common.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** Clients for the unit tests: fast retries with a fixed jitter, no heartbeat unless a test wants one. */
final class Clients {

    /** Waits of 10, 20, 40, 40 ... ms: the backoff's ceilings halved, as a random draw of 0 makes them. */
    static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(80));
    /** Every draw is 0: a wait is half its ceiling. */
    static final RandomGenerator ZERO = () -> 0L;
    /** Every draw is just under 1: a wait is its whole ceiling. */
    static final RandomGenerator ALMOST_ONE = () -> -1L;

    private Clients() {
    }

    /** A client of thread t1 as user u1 on {@code server}, reporting to {@code recorder}. */
    static ChatClientBuilder to(FakeServer server, Recorder recorder) {
        return ChatClient.builder()
                .url(server.url())
                .threadId("t1")
                .userId("u1")
                .backoff(FAST)
                .random(ZERO)
                .pingInterval(Duration.ZERO)
                .listener(recorder);
    }
}
