package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
import org.slf4j.LoggerFactory;

/**
 * Each bad input gets its defined answer (an error frame with the connection left open, or a close code), while a
 * well-behaved client on another thread is served in full.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private TestServer server;
    private final AtomicInteger turns = new AtomicInteger();

    /** Every event logged at ERROR while the suite runs: hostile input must not produce one. */
    private final ListAppender<ILoggingEvent> errors = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                super.append(event);
            }
        }
    };
    private List<JsonObject> preciousHistory;
    private long heapBefore;
    private int threadsBefore;

    @BeforeAll
    void start() {
        errors.start();
        root().addAppender(errors);
        server = TestServer.start();
        WsRecorder owner = server.connect("precious", "owner");
        owner.expect("ready");
        for (String message : List.of("I want an agent that helps me plan trips", "Call it Wanderlust",
                "Add a conversation starter: Plan a weekend in Rome")) {
            owner.sendUserMessage(message, null);
            owner.framesThrough(f -> f.get("type").getAsString().equals("status")
                    && f.get("state").getAsString().equals("idle"));
        }
        owner.close();
        preciousHistory = storedHistory("precious");
        // Warm up: the engine's thread pool and the JIT reach their steady state before the baseline is taken.
        for (int i = 0; i < 40; i++) {
            bystanderGetsItsWholeReply(bystanderStartsATurn());
        }
        heapBefore = usedHeap();
        threadsBefore = Thread.activeCount();
    }

    @AfterAll
    void afterTheWholeSuiteStoredThreadsAreUnchangedAndHeapAndThreadsAreBackNearTheStart() {
        try {
            assertThat(errors.list).as("errors logged").extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(storedHistory("precious")).isEqualTo(preciousHistory);
            bystanderGetsItsWholeReply(bystanderStartsATurn());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 8);
                assertThat(usedHeap()).isLessThan(heapBefore + 32L * 1024 * 1024);
            });
        } finally {
            server.close();
            root().detachAppender(errors);
        }
    }

    /** The thread's stored events, as a new connection replays them. */
    private List<JsonObject> storedHistory(String threadId) {
        WsRecorder reader = server.connect(threadId, "owner");
        long lastSeq = reader.expect("ready").get("lastSeq").getAsLong();
        List<JsonObject> events = reader.framesThrough(f -> f.has("seq") && f.get("seq").getAsLong() == lastSeq);
        reader.close();
        return events;
    }

    private static ch.qos.logback.classic.Logger root() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    static Stream<Arguments> badConnections() {
        return Stream.of(
                Arguments.of("no query at all", "/"),
                Arguments.of("no userId", "/?threadId=t1"),
                Arguments.of("lastSeq without a threadId", "/?userId=u1&lastSeq=3"),
                Arguments.of("empty threadId", "/?threadId=&userId=u1"),
                Arguments.of("threadId with a space", "/?threadId=a%20b&userId=u1"),
                Arguments.of("threadId with a slash", "/?threadId=a%2Fb&userId=u1"),
                Arguments.of("threadId of 129 characters", "/?threadId=" + "t".repeat(129) + "&userId=u1"),
                Arguments.of("userId with unicode", "/?threadId=t1&userId=%C3%A9"),
                Arguments.of("negative lastSeq", "/?threadId=t1&userId=u1&lastSeq=-1"),
                Arguments.of("lastSeq not a number", "/?threadId=t1&userId=u1&lastSeq=abc"),
                Arguments.of("lastSeq too large", "/?threadId=t1&userId=u1&lastSeq=99999999999999999999"),
                Arguments.of("threadId given twice", "/?threadId=t1&threadId=t2&userId=u1"),
                Arguments.of("token given twice", "/?threadId=t1&userId=u1&token=a&token=b"),
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
                        "{\"type\":\"user_message\",\"content\":\"hi\",\"clientMessageId\":\"\"}", "invalid_message"),
                Arguments.of("a JSON number", "42", "invalid_message"),
                Arguments.of("a JSON null", "null", "invalid_message"),
                Arguments.of("type null", "{\"type\":null}", "invalid_message"),
                Arguments.of("content null", "{\"type\":\"user_message\",\"content\":null}", "invalid_message"),
                Arguments.of("content that is an array", "{\"type\":\"user_message\",\"content\":[\"hi\"]}",
                        "invalid_message"),
                Arguments.of("content that is true", "{\"type\":\"user_message\",\"content\":true}",
                        "invalid_message"),
                Arguments.of("content with a bell character",
                        "{\"type\":\"user_message\",\"content\":\"ding\\u0007\"}", "invalid_message"),
                Arguments.of("content with half a surrogate pair",
                        "{\"type\":\"user_message\",\"content\":\"half \\ud800 a character\"}", "invalid_json"),
                Arguments.of("content of line breaks only",
                        "{\"type\":\"user_message\",\"content\":\"\\n\\n\\r\\n\"}", "invalid_message"),
                Arguments.of("clientMessageId with a line break",
                        "{\"type\":\"user_message\",\"content\":\"hi\",\"clientMessageId\":\"a\\nb\"}",
                        "invalid_message"),
                Arguments.of("a JSON object nested 17 levels in a field",
                        "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(17) + "1" + "}".repeat(17) + "}",
                        "invalid_json"),
                Arguments.of("a 60 KB string of backslash escapes",
                        "{\"type\":\"user_message\",\"content\":\"" + "\\\\".repeat(15_000) + "\"}",
                        "message_too_long"));
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

    static Stream<Arguments> harmlessOddities() {
        StringBuilder manyFields = new StringBuilder("{\"type\":\"ping\"");
        for (int i = 0; i < 3_000; i++) {
            manyFields.append(",\"f").append(i).append("\":").append(i);
        }
        return Stream.of(
                Arguments.of("unknown fields", "{\"type\":\"ping\",\"extra\":{\"nested\":[1,2]},\"more\":null}"),
                Arguments.of("3,000 unknown fields", manyFields.append('}').toString()),
                Arguments.of("a type in another case is unknown, not a crash", "{\"type\":\"PING\"}"));
    }

    @ParameterizedTest(name = "{0} are ignored: the frame is still answered")
    @MethodSource("harmlessOddities")
    void oddButHarmlessFramesAreAnsweredAndTheConnectionStaysOpen(String name, String frame) {
        WsRecorder client = server.connect("oddities", "u1");
        client.expect("ready");

        client.send(frame);

        JsonObject answer = client.nextFrame();
        assertThat(answer.get("type").getAsString()).isIn("pong", "error");
        if (answer.get("type").getAsString().equals("error")) {
            assertThat(answer.get("code").getAsString()).isEqualTo("unknown_type");
        }
        client.send("{\"type\":\"ping\"}");
        client.expect("pong");
        client.close();
    }

    @Test
    void aUserMessageSentBeforeReadyIsAnsweredAfterReady() throws IOException {
        try (RawClient raw = RawClient.upgrade(server.port(), "/?threadId=eager&userId=u1")) {
            raw.sendFrame(0x1, "{\"type\":\"user_message\",\"content\":\"Call it Eager\",\"clientMessageId\":\"e1\"}"
                    .getBytes(StandardCharsets.UTF_8));

            assertThat(raw.readFrame().text()).contains("\"type\":\"ready\"");
            assertThat(raw.readFrame().text()).contains("\"type\":\"ack\"").contains("\"e1\"");
        }
    }

    @Test
    void anUnmaskedClientFrameIsReadAsItIsLikeTheWebSocketLibraryDoes() throws IOException {
        try (RawClient raw = RawClient.upgrade(server.port(), "/?threadId=unmasked&userId=u1")) {
            assertThat(raw.readFrame().text()).contains("\"ready\"");
            byte[] ping = bytes("{\"type\":\"ping\"}");
            byte[] frame = new byte[2 + ping.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) ping.length;
            System.arraycopy(ping, 0, frame, 2, ping.length);

            raw.sendBytes(frame);

            assertThat(raw.readFrame().text()).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    static Stream<Arguments> brokenWebSocketFrames() {
        // Just over the limit in all, so the server has read everything when it closes (no reset loses the close).
        byte[] half = "x".repeat(33_000).getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("a text frame that is not UTF-8", RawClient.maskedFrame(0x81, new byte[] {(byte) 0xC3, 0x28}),
                        1007),
                Arguments.of("a text frame with a reserved bit set", RawClient.maskedFrame(0xC1, bytes("{}")), 1002),
                Arguments.of("a continuation without a start", RawClient.maskedFrame(0x80, bytes("{}")), 1002),
                Arguments.of("an unknown opcode", RawClient.maskedFrame(0x83, bytes("{}")), 1002),
                Arguments.of("a ping of 126 bytes", RawClient.maskedFrame(0x89, new byte[126]), 1002),
                Arguments.of("a close frame with code 999", RawClient.maskedFrame(0x88, new byte[] {0x03, (byte) 0xE7}),
                        1002),
                Arguments.of("a fragmented message over 64 KB in all",
                        concat(RawClient.maskedFrame(0x01, half), RawClient.maskedFrame(0x80, half)), 1009));
    }

    @ParameterizedTest(name = "{0} closes that connection with {2}")
    @MethodSource("brokenWebSocketFrames")
    void aBrokenWebSocketFrameClosesOnlyThatConnection(String name, byte[] bytes, int closeCode) throws IOException {
        WsRecorder bystander = bystanderStartsATurn();
        try (RawClient raw = RawClient.upgrade(server.port(), "/?threadId=broken&userId=u1")) {
            assertThat(raw.readFrame().text()).contains("\"ready\"");

            raw.sendBytes(bytes);

            assertThat(raw.awaitCloseCode()).isEqualTo(closeCode);
        }
        bystanderGetsItsWholeReply(bystander);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
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
