package dev.agentbuilder.chat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void addsTheProtocolParametersToTheServerUrl() {
        Endpoint endpoint = new Endpoint(URI.create("ws://localhost:3004"), "t1", "u1");

        assertThat(endpoint.uri(0)).hasToString("ws://localhost:3004/?threadId=t1&userId=u1&lastSeq=0");
        assertThat(endpoint.uri(42)).hasToString("ws://localhost:3004/?threadId=t1&userId=u1&lastSeq=42");
    }

    @Test
    void aUserConnectionNamesTheUserAloneAndHasNoThreadToResumeIn() {
        Endpoint endpoint = Endpoint.user(URI.create("wss://chat.example.com/ws?region=eu"), "u.1");

        assertThat(endpoint.userUri()).hasToString("wss://chat.example.com/ws?region=eu&userId=u.1");
        assertThat(endpoint.toString()).doesNotContain("threadId");
        assertThatThrownBy(() -> endpoint.uri(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsThePathAndTheUrlsOwnParameters() {
        Endpoint endpoint = new Endpoint(URI.create("wss://chat.example.com/ws?token=a%2Bb"), "t:1", "u.1");

        assertThat(endpoint.uri(7))
                .hasToString("wss://chat.example.com/ws?token=a%2Bb&threadId=t%3A1&userId=u.1&lastSeq=7");
    }

    @Test
    void aTokenGoesInTheAuthorizationHeaderNotInTheUrl() {
        assertThat(Endpoint.headers("abc.def.ghi")).containsExactly(Map.entry("Authorization", "Bearer abc.def.ghi"));
        assertThat(Endpoint.headers(null)).isEmpty();
    }

    @Test
    void aBearerTokenIsWhatAnAuthorizationHeaderCanCarry() {
        assertThat(Endpoint.isBearerToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln-_~+/==")).isTrue();
        assertThat(Endpoint.isBearerToken("bad token\r\n")).isFalse();
        assertThat(Endpoint.isBearerToken("")).isFalse();
        assertThat(Endpoint.isBearerToken(null)).isFalse();
    }

    @Test
    void toStringShowsNoToken() {
        Endpoint endpoint = new Endpoint(URI.create("ws://h/?token=in-url"), "t1", "u1");

        assertThat(endpoint.toString()).contains("t1", "u1", "token=***").doesNotContain("in-url");
    }

    @Test
    void refusesUrlsThatAreNotWebSocketUrlsWithoutShowingATokenInThem() {
        assertThatThrownBy(() -> new Endpoint(URI.create("http://h/?token=s3cret"), "t1", "u1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ws:// or wss://")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new Endpoint(URI.create("ws://h/#part"), "t1", "u1"))
                .hasMessageContaining("#fragment");
    }

    @Test
    void refusesIdsOutsideTheIdRule() {
        assertThatThrownBy(() -> new Endpoint(URI.create("ws://h"), "t 1", "u1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threadId");
    }
}
