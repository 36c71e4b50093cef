package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactTest {

    @Test
    void theValueOfATokenParameterIsMasked() {
        assertThat(Redact.url("wss://chat.example.com/ws?token=eyJ.abc.def&threadId=t1&lastSeq=0"))
                .isEqualTo("wss://chat.example.com/ws?token=***&threadId=t1&lastSeq=0");
        assertThat(Redact.url(URI.create("ws://h/?threadId=t1&token=a%2Bb")))
                .isEqualTo("ws://h/?threadId=t1&token=***");
    }

    @Test
    void everyTokenParameterIsMaskedHoweverItsNameIsWritten() {
        assertThat(Redact.url("ws://h/?TOKEN=a&x=1&%74oken=b&token=c#frag"))
                .isEqualTo("ws://h/?TOKEN=***&x=1&%74oken=***&token=***#frag");
    }

    @Test
    void otherParametersAndUrlsWithoutAQueryAreKept() {
        assertThat(Redact.url("ws://h:3004")).isEqualTo("ws://h:3004");
        assertThat(Redact.url("ws://h/?tokens=1&my_token=2&token&a=b=c"))
                .isEqualTo("ws://h/?tokens=1&my_token=2&token&a=b=c");
        assertThat(Redact.url("not a url?token=x y")).isEqualTo("not a url?token=***");
        assertThat(Redact.url((String) null)).isNull();
    }
}
