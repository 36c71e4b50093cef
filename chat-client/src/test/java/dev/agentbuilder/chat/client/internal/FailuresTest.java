package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aCloseIsItsCodeInWordsWithTheServersWords() {
        assertThat(Failures.describeClose(4403, "forbidden: This thread belongs to another user."))
                .isEqualTo("forbidden (4403): forbidden: This thread belongs to another user.");
        assertThat(Failures.describeClose(1009, null)).isEqualTo("message too big (1009)");
        assertThat(Failures.describeClose(4999, " ")).isEqualTo("closed (4999)");
    }

    @Test
    void goingAwayReadsAsARestartWhateverTheServerSaid() {
        assertThat(Failures.describeClose(1001, "server shutting down"))
                .isEqualTo("server going away (1001): the server is restarting");
    }

    @Test
    void aFailureIsDescribedByItsCauseWithoutTheWrappersOfFutures() {
        Throwable refused = new CompletionException(new java.io.IOException("wrapped",
                new ConnectException("Connection refused")));

        assertThat(Failures.describe(refused)).isEqualTo("connection refused");
        assertThat(Failures.unwrap(refused)).isInstanceOf(java.io.IOException.class);
        assertThat(Failures.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
