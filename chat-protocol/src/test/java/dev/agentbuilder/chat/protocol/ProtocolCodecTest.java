package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    @Test
    void serverFramesStartWithTheirTypeAndLeaveAbsentFieldsOut() {
        String json = ProtocolCodec.encode(new ServerFrame.Message(5, new WireMessage(
                "m1", "assistant", "Hi <b>&", "2026-11-25T20:22:25.172Z", null, null, "u1", null, null)));

        assertThat(json).isEqualTo("{\"type\":\"message\",\"seq\":5,\"message\":{\"id\":\"m1\",\"role\":\"assistant\","
                + "\"content\":\"Hi <b>&\",\"createdAt\":\"2026-11-25T20:22:25.172Z\",\"replyTo\":\"u1\"}}");
    }

    @Test
    void everyServerFrameSurvivesARoundTrip() {
        WireAgent agent = new WireAgent("Wanderlust", "d", "i", List.of("Plan"), List.of("web_search"), 3);
        List<ServerFrame> frames = List.of(
                new ServerFrame.Ready("t", "u", "c", 5, agent, "idle", true),
                new ServerFrame.Message(1, new WireMessage("m", "user", "x", "2026-01-01T00:00:00Z", "u", "c1",
                        null, null, null)),
                new ServerFrame.Message(2, new WireMessage("m2", "assistant", "y", "2026-01-01T00:00:00Z", null,
                        null, "m", true, new WireUsage(3, 4))),
                new ServerFrame.AgentUpdated(3, agent),
                new ServerFrame.Ack("c1", "m", 1, true),
                new ServerFrame.Status("thinking"),
                new ServerFrame.AssistantDelta("m2", "y"),
                new ServerFrame.ErrorFrame("busy", "later", "c9"),
                new ServerFrame.Pong());

        for (ServerFrame frame : frames) {
            Decoded<ServerFrame> decoded = ProtocolCodec.decodeServer(ProtocolCodec.encode(frame));
            assertThat(decoded).isEqualTo(new Decoded.Ok<>(frame));
        }
    }

    @Test
    void clientFramesSurviveARoundTrip() {
        for (ClientFrame frame : List.of(new ClientFrame.UserMessage("hi", "c1"), new ClientFrame.UserMessage("hi",
                null), new ClientFrame.Cancel(), new ClientFrame.Ping())) {
            assertThat(ProtocolCodec.decodeClient(ProtocolCodec.encode(frame))).isEqualTo(new Decoded.Ok<>(frame));
        }
    }

    @Test
    void unknownFieldsInClientFramesAreIgnored() {
        assertThat(ProtocolCodec.decodeClient("{\"type\":\"user_message\",\"content\":\"hi\",\"extra\":[1,{}]}"))
                .isEqualTo(new Decoded.Ok<ClientFrame>(new ClientFrame.UserMessage("hi", null)));
    }

    @Test
    void aWrongFieldKeepsTheClientMessageIdForTheError() {
        assertThat(ProtocolCodec.decodeClient("{\"type\":\"user_message\",\"content\":7,\"clientMessageId\":\"c1\"}"))
                .isEqualTo(new Decoded.Invalid<ClientFrame>("invalid_message", "content must be a string", "c1"));
    }

    @Test
    void lenientJsonIsRefused() {
        for (String text : List.of("{type:'ping'}", "{\"type\":\"ping\",}", "{\"type\":\"ping\"} trailing",
                "// comment\n{\"type\":\"ping\"}", "NaN", "")) {
            assertThat(ProtocolCodec.decodeClient(text)).as(text)
                    .isInstanceOfSatisfying(Decoded.Invalid.class, i -> assertThat(i.code()).isEqualTo("invalid_json"));
        }
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefusedBeforeItIsBuilt() {
        String deep = "{\"type\":\"ping\",\"x\":" + "[".repeat(ProtocolCodec.MAX_NESTING) + "]".repeat(
                ProtocolCodec.MAX_NESTING) + "}";
        assertThat(ProtocolCodec.decodeClient(deep))
                .isInstanceOfSatisfying(Decoded.Invalid.class, i -> assertThat(i.code()).isEqualTo("invalid_json"));
    }

    @Test
    void aServerFrameOfANewTypeIsReportedSoClientsCanSkipIt() {
        assertThat(ProtocolCodec.decodeServer("{\"type\":\"typing\",\"userId\":\"u\"}"))
                .isInstanceOfSatisfying(Decoded.Invalid.class, i -> assertThat(i.code()).isEqualTo("unknown_type"));
    }
}
