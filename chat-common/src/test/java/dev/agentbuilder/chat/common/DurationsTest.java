package dev.agentbuilder.chat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsTheShortFormsInAnyCase() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aBareNumberIsSecondsAndZeroIsADuration() {
        assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.parse("0ms")).isZero();
    }

    @Test
    void readsIsoDurationsInAnyCase() {
        assertThat(Durations.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1_500));
        assertThat(Durations.parse("pt2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void anythingElseIsRefusedNamingTheTextAndTheForms() {
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'soon' is not a duration; use for example 250ms, 30s, 5m, 1h or 90d");
        assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeIsoDurationsAreRefused() {
        assertThatThrownBy(() -> Durations.parse("PT-1S")).hasMessageContaining("negative");
    }

    @Test
    void formatsForMessages() {
        assertThat(Durations.format(Duration.ofMillis(40))).isEqualTo("40 ms");
        assertThat(Durations.format(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
        assertThat(Durations.format(Duration.ofSeconds(60))).isEqualTo("60 s");
    }
}
