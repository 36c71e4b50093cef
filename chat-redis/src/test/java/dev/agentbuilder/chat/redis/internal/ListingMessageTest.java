package dev.agentbuilder.chat.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ThreadChange;
import dev.agentbuilder.chat.core.ThreadChange.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListingMessageTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindReadsBackWithItsThreadAndUser(Kind kind) {
        ThreadChange change = new ThreadChange(kind, "team:42.x_y-" + "z".repeat(116), "alice.b-c_d:e");
        String message = ListingMessage.write("node-a", change);
        assertThat(message).isEqualTo("node-a|" + kind.id() + "|alice.b-c_d:e|" + change.threadId());
        assertThat(ListingMessage.read(message)).isEqualTo(new ListingMessage("node-a", change));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "{\"type\":\"created\"}", "n1|created|alice", "n1|created|alice|t1|x",
        "n1|exploded|alice|t1", "n1|CREATED|alice|t1", "n1|created||t1", "n1|created|alice|", "|created|alice|t1",
        "n1|created|al ice|t1", "n1|created|alice|t/1", "n1|renamed|alice|t1\n"})
    void somethingElseOnTheChannelReadsAsNull(String message) {
        assertThat(ListingMessage.read(message)).isNull();
    }

    @Test
    void idsOverTheLimitAndHugeMessagesReadAsNull() {
        assertThat(ListingMessage.read("n1|created|alice|" + "t".repeat(129))).isNull();
        assertThat(ListingMessage.read("n1|created|" + "u".repeat(129) + "|t1")).isNull();
        assertThat(ListingMessage.read("o".repeat(129) + "|created|alice|t1")).isNull();
        assertThat(ListingMessage.read("n1|created|alice|t1" + "|".repeat(100_000))).isNull();
    }

    @Test
    void aChangeWhoseIdsCouldNotBeReadBackIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> ListingMessage.write("node-a", new ThreadChange(Kind.CREATED, "a|b", "alice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"a|b\"");
        assertThatThrownBy(() -> ListingMessage.write("node-a", new ThreadChange(Kind.CREATED, "t1", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId");
    }
}
