package dev.agentbuilder.chat.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void addsTheProtocolParametersToTheServerUrl() {
        Endpoint endpoint = new Endpoint(URI.create("ws://localhost:3004"), "t1", "u1", null);

        assertThat(endpoint.uri(0)).hasToString("ws://localhost:3004/?threadId=t1&userId=u1&lastSeq=0");
        assertThat(endpoint.uri(42)).hasToString("ws://localhost:3004/?threadId=t1&userId=u1&lastSeq=42");
    }

    @Test
    void keepsThePathAndTheUrlsOwnParameters() {
        Endpoint endpoint = new Endpoint(URI.create("wss://chat.example.com/ws?token=a%2Bb"), "t:1", "u.1", null);

        assertThat(endpoint.uri(7))
                .hasToString("wss://chat.example.com/ws?token=a%2Bb&threadId=t%3A1&userId=u.1&lastSeq=7");
    }

    @Test
    void aTokenGoesInTheAuthorizationHeaderNotInTheUrl() {
        Endpoint endpoint = new Endpoint(URI.create("ws://localhost:3004"), "t1", "u1", "abc.def.ghi");

        assertThat(endpoint.headers()).containsExactly(Map.entry("Authorization", "Bearer abc.def.ghi"));
        assertThat(endpoint.uri(0).toString()).doesNotContain("abc");
        assertThat(new Endpoint(URI.create("ws://localhost:3004"), "t1", "u1", null).headers()).isEmpty();
    }

    @Test
    void toStringShowsNoToken() {
        Endpoint endpoint = new Endpoint(URI.create("ws://h/?token=in-url"), "t1", "u1", "in-header");

        assertThat(endpoint.toString()).contains("t1", "u1", "token=***").doesNotContain("in-url", "in-header");
    }

    @Test
    void refusesATokenThatCannotBeAHeaderValueWithoutEchoingIt() {
        assertThatThrownBy(() -> new Endpoint(URI.create("ws://h"), "t1", "u1", "bad token\r\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bearer token")
                .hasMessageNotContaining("bad token");
    }

    @Test
    void refusesIdsOutsideTheIdRule() {
        assertThatThrownBy(() -> new Endpoint(URI.create("ws://h"), "t 1", "u1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadId");
    }
}
