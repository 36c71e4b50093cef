package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    @Test
    void theSourceIsAskedForEveryAttempt() {
        Iterator<String> given = List.of("a", "b").iterator();
        Tokens tokens = new Tokens(given::next);

        assertThat(tokens.next()).isEqualTo("a");
        assertThat(tokens.next()).isEqualTo("b");
    }

    @Test
    void afterARefusalANewTokenIsKeptForTheNextAttempt() {
        Iterator<String> given = List.of("expired", "fresh").iterator();
        Tokens tokens = new Tokens(given::next);
        tokens.next();

        assertThat(tokens.renewAfterRefusal()).isTrue();
        assertThat(tokens.next()).isEqualTo("fresh");
    }

    @Test
    void theSameTokenAgainOrNoneOrAFailingSourceCannotHelp() {
        Tokens same = new Tokens(() -> "expired");
        same.next();
        assertThat(same.renewAfterRefusal()).isFalse();

        Tokens none = new Tokens(null);
        assertThat(none.next()).isNull();
        assertThat(none.renewAfterRefusal()).isFalse();

        Tokens failing = new Tokens(() -> {
            throw new IllegalStateException("the auth backend is down");
        });
        assertThat(failing.renewAfterRefusal()).isFalse();
    }

    @Test
    void anEmptyTokenIsNoneAndOneNoHeaderCanCarryIsRefusedUnshown() {
        assertThat(new Tokens(() -> "").next()).isNull();
        assertThatThrownBy(() -> new Tokens(() -> "s3cret word\r\nX: y").next())
                .isInstanceOf(Tokens.UnusableToken.class)
                .hasMessageNotContaining("s3cret");
    }
}
