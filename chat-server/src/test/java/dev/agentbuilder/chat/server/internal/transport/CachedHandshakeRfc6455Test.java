package dev.agentbuilder.chat.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.junit.jupiter.api.Test;

class CachedHandshakeRfc6455Test {

    private static HandshakeImpl1Client request(String key) {
        HandshakeImpl1Client request = new HandshakeImpl1Client();
        request.setResourceDescriptor("/?threadId=t&userId=u");
        request.put("Upgrade", "websocket");
        request.put("Connection", "Upgrade");
        request.put("Sec-WebSocket-Version", "13");
        if (key != null) {
            request.put("Sec-WebSocket-Key", key);
        }
        return request;
    }

    @Test
    void theAcceptKeyIsTheOneOfRfc6455sExample() {
        assertThat(CachedHandshakeRfc6455.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void theHandshakeResponseHasTheLibrarysHeadersAndAnHttpDateOfNow() throws Exception {
        HandshakeImpl1Client request = request(" x3JJHMbDL1EzLkh9GBhXDw== ");
        ServerHandshakeBuilder ours = new HandshakeImpl1Server();
        ServerHandshakeBuilder library = new HandshakeImpl1Server();
        Instant before = Instant.now().minusSeconds(1);

        new CachedHandshakeRfc6455(1 << 16).copyInstance().postProcessHandshakeResponseAsServer(request, ours);
        new Draft_6455(List.of(), 1 << 16).postProcessHandshakeResponseAsServer(request, library);

        List<String> names = List.of("Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions",
                "Sec-WebSocket-Protocol", "Server");
        for (String name : names) {
            assertThat(ours.getFieldValue(name)).as(name).isEqualTo(library.getFieldValue(name));
        }
        assertThat(ours.getFieldValue("Sec-WebSocket-Accept")).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assertThat(ours.getHttpStatusMessage()).isEqualTo(library.getHttpStatusMessage());
        String date = ours.getFieldValue("Date");
        assertThat(date).hasSize(library.getFieldValue("Date").length()).endsWith(" GMT");
        Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(sent).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void aRequestWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> new CachedHandshakeRfc6455(1 << 16).postProcessHandshakeResponseAsServer(request(null),
                new HandshakeImpl1Server()))
                .isInstanceOf(InvalidHandshakeException.class)
                .hasMessageContaining("Sec-WebSocket-Key");
    }

    @Test
    void connectionIdsAreVersion4Uuids() {
        UUID id = UUID.fromString(WsEndpoint.connectionId());

        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(WsEndpoint.connectionId()).isNotEqualTo(id.toString());
    }
}
