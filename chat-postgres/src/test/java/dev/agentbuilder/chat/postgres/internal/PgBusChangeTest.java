package dev.agentbuilder.chat.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PgBusChangeTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindReadsBackWithItsThreadAndUser(Kind kind) {
        ThreadChange change = new ThreadChange(kind, "team:42.x_y-z", "alice.b-c_d:e");
        PgBusChange payload = new PgBusChange("9c2f4e01a7b3d655", change);
        assertThat(payload.encode()).isEqualTo("9c2f4e01a7b3d655|" + kind.id() + "|alice.b-c_d:e|team:42.x_y-z");
        assertThat(PgBusChange.parse(payload.encode())).contains(payload);
    }

    @Test
    void theLongestChangeIsFarWithinPostgresqlsLimit() {
        ThreadChange longest = new ThreadChange(Kind.CREATED, "t".repeat(128), "u".repeat(128));
        String payload = new PgBusChange("9c2f4e01a7b3d655", longest).encode();
        assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSize(282);
        assertThat(PgBusChange.parse(payload)).map(PgBusChange::change).contains(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "n1|t1:5", "n1|created|alice", "n1|created|alice|t1|x",
        "n1|exploded|alice|t1", "n1|CREATED|alice|t1", "n1|created||t1", "n1|created|alice|", "|created|alice|t1",
        "n1|created|al ice|t1", "n1|created|alice|t/1", "n1|renamed|alice|t1\n"})
    void somethingElseOnTheChannelIsIgnored(String payload) {
        assertThat(PgBusChange.parse(payload)).isEmpty();
    }

    @Test
    void idsOverTheLimitAndHugePayloadsAreIgnored() {
        assertThat(PgBusChange.parse("n1|created|alice|" + "t".repeat(129))).isEmpty();
        assertThat(PgBusChange.parse("n1|created|" + "u".repeat(129) + "|t1")).isEmpty();
        assertThat(PgBusChange.parse("n".repeat(129) + "|created|alice|t1")).isEmpty();
        assertThat(PgBusChange.parse("n1|created|alice|t1" + "|".repeat(7_000))).isEmpty();
        assertThat(PgBusChange.parse(null)).isEmpty();
    }

    @Test
    void aChangeWhoseIdsCouldNotBeReadBackIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> new PgBusChange("n1", new ThreadChange(Kind.CREATED, "a|b", "alice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a|b\"");
        assertThatThrownBy(() -> new PgBusChange("n1", new ThreadChange(Kind.CREATED, "t1", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
    }
}
