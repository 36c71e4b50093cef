package dev.agentbuilder.chat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    /** The table in docs/protocol.md ("Reconnecting"); websocket-service-spec.js checks the page against it too. */
    @Test
    void reconnectDelaysMatchTheDocumentedTable() {
        long[] atZero = {250, 500, 1_000, 2_000, 4_000, 5_000, 5_000};
        long[] atOne = {500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000};
        for (int attempt = 0; attempt < atZero.length; attempt++) {
            assertThat(Backoff.RECONNECT.delay(attempt, fixed(0.0)).toMillis()).as("attempt %d at 0", attempt)
                    .isEqualTo(atZero[attempt]);
            assertThat(Backoff.RECONNECT.delay(attempt, fixed(1.0)).toMillis()).as("attempt %d at 1", attempt)
                    .isEqualTo(atOne[attempt]);
        }
        assertThat(Backoff.RECONNECT.delay(2, fixed(0.5))).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void ceilingDoublesFromTheInitialWaitUpToTheMax() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));
        assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void delaysAreSpreadBetweenHalfTheCeilingAndAllOfIt() {
        Random random = new Random(42);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1_000; i++) {
            long delay = Backoff.RECONNECT.delay(3, random).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isBetween(2_000L, 2_100L);
        assertThat(max).isBetween(3_900L, 4_000L);
    }

    @Test
    void aZeroInitialWaitRetriesAtOnce() {
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(30)).delay(5, fixed(1.0))).isZero();
    }

    @Test
    void aMaxBelowTheInitialWaitIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
    }

    @Test
    void aNegativeRetryIsAProgrammingError() {
        assertThatThrownBy(() -> Backoff.RECONNECT.ceiling(-1)).hasMessageContaining("-1");
    }

    /** A generator whose every double is {@code value}, like the page's tests passing {@code random: () => value}. */
    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only doubles are drawn");
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
