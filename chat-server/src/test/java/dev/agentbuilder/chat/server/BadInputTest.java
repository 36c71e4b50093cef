package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad input gets its defined answer (an error frame with the connection left open, or a close code), while a
 * well-behaved client on another thread is served in full.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private TestServer server;
    private final AtomicInteger turns = new AtomicInteger();

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static Stream<Arguments> badConnections() {
        return Stream.of(
                Arguments.of("no query at all", "/"),
                Arguments.of("no userId", "/?threadId=t1"),
                Arguments.of("no threadId", "/?userId=u1"),
                Arguments.of("empty threadId", "/?threadId=&userId=u1"),
                Arguments.of("threadId with a space", "/?threadId=a%20b&userId=u1"),
                Arguments.of("threadId with a slash", "/?threadId=a%2Fb&userId=u1"),
                Arguments.of("threadId of 129 characters", "/?threadId=" + "t".repeat(129) + "&userId=u1"),
                Arguments.of("userId with unicode", "/?threadId=t1&userId=%C3%A9"),
                Arguments.of("negative lastSeq", "/?threadId=t1&userId=u1&lastSeq=-1"),
                Arguments.of("lastSeq not a number", "/?threadId=t1&userId=u1&lastSeq=abc"),
                Arguments.of("lastSeq too large", "/?threadId=t1&userId=u1&lastSeq=99999999999999999999"),
                Arguments.of("threadId given twice", "/?threadId=t1&threadId=t2&userId=u1"),
                Arguments.of("a threadId that is not UTF-8", "/?threadId=%FF%FE&userId=u1"));
    }

    @Test
    void aRequestLineWithBrokenPercentEncodingIsRefusedWithInvalidRequestAnd4400() throws IOException {
        WsRecorder bystander = bystanderStartsATurn();
        try (RawClient raw = RawClient.upgrade(server.port(), "/?threadId=%zz&userId=u1")) {
            RawClient.Frame error = raw.readFrame();
            assertThat(error.text()).contains("\"invalid_request\"");
            RawClient.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(4400);
        }
        bystanderGetsItsWholeReply(bystander);
    }

    @ParameterizedTest(name = "{0} is refused with invalid_request and 4400")
    @MethodSource("badConnections")
    void aBadConnectionRequestIsRefusedWithInvalidRequestAnd4400(String name, String pathAndQuery) {
        WsRecorder bystander = bystanderStartsATurn();
        WsRecorder bad = WsRecorder.connect("ws://127.0.0.1:" + server.port() + pathAndQuery);

        JsonObject error = bad.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo("invalid_request");
        assertThat(error.get("message").getAsString()).isNotBlank();
        assertThat(bad.awaitClose()).isEqualTo(4400);
        bystanderGetsItsWholeReply(bystander);
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("plain text", "hello", "invalid_json"),
                Arguments.of("truncated JSON", "{\"type\":\"user_message\",\"content\":\"hi\"", "invalid_json"),
                Arguments.of("trailing data", "{\"type\":\"ping\"} {}", "invalid_json"),
                Arguments.of("single quotes", "{'type':'ping'}", "invalid_json"),
                Arguments.of("deeply nested JSON", "[".repeat(500) + "]".repeat(500), "invalid_json"),
                Arguments.of("a JSON array", "[1,2,3]", "invalid_message"),
                Arguments.of("a JSON string", "\"ping\"", "invalid_message"),
                Arguments.of("an empty object", "{}", "invalid_message"),
                Arguments.of("type not a string", "{\"type\":42}", "invalid_message"),
                Arguments.of("an unknown type", "{\"type\":\"dance\"}", "unknown_type"),
                Arguments.of("user_message without content", "{\"type\":\"user_message\"}", "invalid_message"),
                Arguments.of("content that is a number", "{\"type\":\"user_message\",\"content\":42}",
                        "invalid_message"),
                Arguments.of("content that is an object", "{\"type\":\"user_message\",\"content\":{\"a\":1}}",
                        "invalid_message"),
                Arguments.of("blank content", "{\"type\":\"user_message\",\"content\":\"   \"}", "invalid_message"),
                Arguments.of("content with a NUL character", "{\"type\":\"user_message\",\"content\":\"a\\u0000b\"}",
                        "invalid_message"),
                Arguments.of("content over 8000 characters",
                        "{\"type\":\"user_message\",\"content\":\"" + "x".repeat(8_001) + "\"}", "message_too_long"),
                Arguments.of("clientMessageId that is a number",
                        "{\"type\":\"user_message\",\"content\":\"hi\",\"clientMessageId\":7}", "invalid_message"),
                Arguments.of("clientMessageId of 129 characters",
                        "{\"type\":\"user_message\",\"content\":\"hi\",\"clientMessageId\":\"" + "c".repeat(129)
                                + "\"}", "invalid_message"),
                Arguments.of("empty clientMessageId",
                        "{\"type\":\"user_message\",\"content\":\"hi\",\"clientMessageId\":\"\"}", "invalid_message"));
    }

    @ParameterizedTest(name = "{0} gets {2} and the connection stays open")
    @MethodSource("badFrames")
    void aBadFrameGetsAnErrorFrameAndTheConnectionStaysOpen(String name, String frame, String code) {
        WsRecorder bystander = bystanderStartsATurn();
        WsRecorder bad = server.connect("bad-frames", "u1");
        bad.expect("ready");

        bad.send(frame);

        JsonObject error = bad.expect("error");
        assertThat(error.get("code").getAsString()).isEqualTo(code);
        assertThat(error.get("message").getAsString()).isNotBlank();
        bad.send("{\"type\":\"ping\"}");
        bad.expect("pong");
        bad.assertExhausted();
        bad.close();
        bystanderGetsItsWholeReply(bystander);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closingFrames")
    void aFrameTheServerCannotTakeClosesOnlyThatConnection(String name, Sender sender, int closeCode) {
        WsRecorder bystander = bystanderStartsATurn();
        WsRecorder bad = server.connect("bad-close", "u1");
        bad.expect("ready");

        sender.send(bad);

        assertThat(bad.awaitClose()).isEqualTo(closeCode);
        bystanderGetsItsWholeReply(bystander);
    }

    static Stream<Arguments> closingFrames() {
        return Stream.of(
                Arguments.of("a binary frame closes with 1003",
                        (Sender) c -> c.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)), 1003),
                Arguments.of("a 70 KB frame closes with 1009",
                        (Sender) c -> c.send("{\"type\":\"user_message\",\"content\":\"" + "x".repeat(70_000) + "\"}"),
                        1009));
    }

    /** Sends something to a connection. */
    interface Sender {
        void send(WsRecorder connection);
    }

    private WsRecorder bystanderStartsATurn() {
        WsRecorder bystander = server.connect("bystander-" + turns.incrementAndGet(), "good");
        bystander.expect("ready");
        bystander.sendUserMessage("I want an agent that helps me plan trips", "c1");
        return bystander;
    }

    private static void bystanderGetsItsWholeReply(WsRecorder bystander) {
        List<JsonObject> frames = bystander.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));
        assertThat(frames).extracting(f -> f.get("type").getAsString())
                .contains("ack", "message", "agent_updated", "assistant_delta")
                .doesNotContain("error");
        bystander.close();
    }
}
