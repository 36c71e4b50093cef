package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtocolCodecTest {

    @Test
    void serverFramesStartWithTheirTypeAndLeaveAbsentFieldsOut() {
        String json = ProtocolCodec.encode(new ServerFrame.Message(5, new WireMessage(
                "m1", "assistant", "Hi <b>&", "2026-11-25T20:22:25.172Z", null, null, "u1", null, null)));

        assertThat(json).isEqualTo("{\"type\":\"message\",\"seq\":5,\"message\":{\"id\":\"m1\",\"role\":\"assistant\","
                + "\"content\":\"Hi <b>&\",\"createdAt\":\"2026-11-25T20:22:25.172Z\",\"replyTo\":\"u1\"}}");
    }

    @Test
    void deltasAreEncodedExactlyAsEveryOtherFrameIsFieldsInTheRecordsOrderAndAbsentOnesLeftOut() {
        assertThat(ProtocolCodec.encode(new ServerFrame.AssistantDelta("m1", "Bon \"jour\"\n\u2028")))
                .isEqualTo("{\"type\":\"assistant_delta\",\"messageId\":\"m1\",\"delta\":\"Bon \\\"jour\\\"\\n\\u2028\"}");
        assertThat(ProtocolCodec.encode(new ServerFrame.AssistantDelta("m2", "<b>&", "preview")))
                .isEqualTo("{\"type\":\"assistant_delta\",\"messageId\":\"m2\",\"delta\":\"<b>&\",\"channel\":\"preview\"}");
        assertThat(ProtocolCodec.encode(new ServerFrame.AssistantDelta("m3", "x", null, List.of(
                new WireCitation("f1", "handbook.pdf", "27 days", 4, 0, 7, 0.5)))))
                .startsWith("{\"type\":\"assistant_delta\",\"messageId\":\"m3\",\"delta\":\"x\",\"citations\":[{");
    }

    @Test
    void aFrameWithoutFieldsIsItsTypeAlone() {
        assertThat(ProtocolCodec.encode(new ServerFrame.Pong())).isEqualTo("{\"type\":\"pong\"}");
        assertThat(ProtocolCodec.encode(new ClientFrame.Cancel())).isEqualTo("{\"type\":\"cancel\"}");
        assertThat(ProtocolCodec.encode(new ServerFrame.ErrorFrame("busy", "Wait \"a\" moment\n", null)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"busy\",\"message\":\"Wait \\\"a\\\" moment\\n\"}");
    }

    @Test
    void everyServerFrameSurvivesARoundTrip() {
        WireAgent agent = new WireAgent("Wanderlust", "d", "i", List.of("Plan"), List.of("web_search"), 3);
        List<ServerFrame> frames = List.of(
                new ServerFrame.Ready("t", "u", "c", 5, agent, "idle", true),
                new ServerFrame.Ready("t", "u", "c", 0, agent, "thinking", false,
                        new WireLimits(100, 80, 500, 8000, 8, 200)),
                new ServerFrame.Message(1, new WireMessage("m", "user", "x", "2026-01-01T00:00:00Z", "u", "c1",
                        null, null, null)),
                new ServerFrame.Message(2, new WireMessage("m2", "assistant", "y", "2026-01-01T00:00:00Z", null,
                        null, "m", true, new WireUsage(3, 4))),
                new ServerFrame.AgentUpdated(3, agent),
                new ServerFrame.Ack("c1", "m", 1, true),
                new ServerFrame.Status("thinking"),
                new ServerFrame.AssistantDelta("m2", "y"),
                new ServerFrame.ErrorFrame("busy", "later", "c9"),
                new ServerFrame.AgentUpdated(4, agent, "user"),
                new ServerFrame.AssistantDelta("m3", "Bon", "preview"),
                new ServerFrame.Message(5, new WireMessage("m4", "user", "Who are you?", "2026-01-01T00:00:00Z", "u",
                        null, null, null, null, "preview")),
                new ServerFrame.Ack("e1", null, 6, false),
                new ServerFrame.ErrorFrame("version_conflict", "changed", "e2", 7L),
                new ServerFrame.AgentExport("markdown", "# Wanderlust\n", 7),
                new ServerFrame.Pong());

        for (ServerFrame frame : frames) {
            Decoded<ServerFrame> decoded = ProtocolCodec.decodeServer(ProtocolCodec.encode(frame));
            assertThat(decoded).isEqualTo(new Decoded.Ok<>(frame));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{x                      | the frame is not valid JSON (line 1, column 3)",
        "{\"type\":              | the frame is not valid JSON: it ends too early (line 1, column 9)",
        "{'type':'ping'}        | the frame is not valid JSON (line 1, column 3)",
        "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]] | the frame is not valid JSON: it nests deeper than 16 levels",
    })
    void textThatIsNotJsonIsExplainedInOurWordsWithWhereItWentWrong(String text, String explained) {
        for (Decoded<?> decoded : List.of(ProtocolCodec.decodeClient(text), ProtocolCodec.decodeServer(text))) {
            assertThat(decoded).isInstanceOfSatisfying(Decoded.Invalid.class, invalid -> {
                assertThat(invalid.code()).isEqualTo(ErrorCodes.INVALID_JSON);
                assertThat(invalid.message()).isEqualTo(explained).doesNotContain("JsonReader", "Strictness", "$");
            });
        }
    }

    @Test
    void clientFramesSurviveARoundTrip() {
        for (ClientFrame frame : List.of(new ClientFrame.UserMessage("hi", "c1"), new ClientFrame.UserMessage("hi",
                null), new ClientFrame.Cancel(), new ClientFrame.Ping(),
                new ClientFrame.UserMessage("Who are you?", "p1", "preview"),
                new ClientFrame.UpdateAgent(3, new WireAgentChanges("Wanderlust", null, "", List.of("Go"),
                        List.of("web_search")), "e1"),
                new ClientFrame.UpdateAgent(0, new WireAgentChanges(null, null, null, List.of(), null), null),
                new ClientFrame.RevertAgent(2, "r1"),
                new ClientFrame.ExportAgent("openai"))) {
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

    @Test
    void theBuilderModeIsTheDefaultAndAnUnknownModeIsRefused() {
        assertThat(ProtocolCodec.decodeClient("{\"type\":\"user_message\",\"content\":\"hi\",\"mode\":\"builder\"}"))
                .isEqualTo(new Decoded.Ok<ClientFrame>(new ClientFrame.UserMessage("hi", null)));
        assertThat(ProtocolCodec.decodeClient(
                "{\"type\":\"user_message\",\"content\":\"hi\",\"mode\":\"agent\",\"clientMessageId\":\"c1\"}"))
                .isEqualTo(new Decoded.Invalid<ClientFrame>("invalid_message",
                        "mode must be \"builder\" or \"preview\"", "c1"));
    }

    @Test
    void anUpdateOfTheWrongShapeIsRefusedNamingWhatIsWrongWithItsClientMessageId() {
        List<List<String>> cases = List.of(
                List.of("{\"changes\":{\"name\":\"x\"}}", "update_agent needs \"baseVersion\", a whole number >= 0"),
                List.of("{\"baseVersion\":-1,\"changes\":{\"name\":\"x\"}}",
                        "update_agent needs \"baseVersion\", a whole number >= 0"),
                List.of("{\"baseVersion\":1.5,\"changes\":{\"name\":\"x\"}}",
                        "update_agent needs \"baseVersion\", a whole number >= 0"),
                List.of("{\"baseVersion\":\"1\",\"changes\":{\"name\":\"x\"}}",
                        "update_agent needs \"baseVersion\", a whole number >= 0"),
                List.of("{\"baseVersion\":1}", "update_agent needs \"changes\", an object"),
                List.of("{\"baseVersion\":1,\"changes\":[]}", "update_agent needs \"changes\", an object"),
                List.of("{\"baseVersion\":1,\"changes\":{}}", "changes must hold at least one field"),
                List.of("{\"baseVersion\":1,\"changes\":{\"version\":9}}", "changes has an unknown field \"version\"; "
                        + "known: name, description, instructions, conversationStarters, capabilities"),
                List.of("{\"baseVersion\":1,\"changes\":{\"name\":7}}", "changes.name must be a string"),
                List.of("{\"baseVersion\":1,\"changes\":{\"conversationStarters\":\"Go\"}}",
                        "changes.conversationStarters must be an array of strings"),
                List.of("{\"baseVersion\":1,\"changes\":{\"capabilities\":[\"web_search\",1]}}",
                        "changes.capabilities must be an array of strings"));
        for (List<String> c : cases) {
            String frame = "{\"type\":\"update_agent\",\"clientMessageId\":\"e1\"," + c.get(0).substring(1);
            assertThat(ProtocolCodec.decodeClient(frame)).as(frame)
                    .isEqualTo(new Decoded.Invalid<ClientFrame>("invalid_message", c.get(1), "e1"));
        }
    }

    @Test
    void aRevertNeedsAWholeVersionAndAnExportAKnownFormat() {
        assertThat(ProtocolCodec.decodeClient("{\"type\":\"revert_agent\",\"version\":\"two\",\"clientMessageId\":\"r\"}"))
                .isEqualTo(new Decoded.Invalid<ClientFrame>("invalid_message",
                        "revert_agent needs \"version\", a whole number >= 0", "r"));
        assertThat(ProtocolCodec.decodeClient("{\"type\":\"export_agent\",\"format\":\"yaml\"}"))
                .isEqualTo(new Decoded.Invalid<ClientFrame>("invalid_message",
                        "export_agent needs \"format\": one of json, openai, markdown", null));
    }

    @Test
    void aServerFrameWithoutARequiredFieldIsInvalidNamingTheField() {
        assertThat(ProtocolCodec.decodeServer("{\"type\":\"ack\",\"duplicate\":false}"))
                .isEqualTo(new Decoded.Invalid<ServerFrame>("invalid_message",
                        "ack needs \"seq\", an integer from 1 to 2^53 - 1", null));
        assertThat(ProtocolCodec.decodeServer("{\"type\":\"status\",\"state\":null}"))
                .isEqualTo(new Decoded.Invalid<ServerFrame>("invalid_message", "status needs \"state\", a string",
                        null));
    }

    @Test
    void aServerFrameWithAFieldOfTheWrongTypeIsInvalidNamingWhereItSits() {
        String agent = "{\"name\":\"\",\"description\":\"\",\"instructions\":\"\",\"conversationStarters\":[],"
                + "\"capabilities\":[],\"version\":\"3\"}";
        assertThat(ProtocolCodec.decodeServer("{\"type\":\"agent_updated\",\"seq\":4,\"agent\":" + agent + "}"))
                .isEqualTo(new Decoded.Invalid<ServerFrame>("invalid_message",
                        "agent_updated: \"agent.version\" must be an integer from 0 to 2^53 - 1", null));
        assertThat(ProtocolCodec.decodeServer("{\"type\":\"ack\",\"seq\":1,\"duplicate\":\"no\"}"))
                .isEqualTo(new Decoded.Invalid<ServerFrame>("invalid_message",
                        "ack: \"duplicate\" must be a boolean", null));
    }

    @Test
    void aServerFrameWithoutAStringTypeIsInvalidNotOfAnUnknownType() {
        for (String text : List.of("{}", "{\"type\":null}", "{\"type\":3}", "[]")) {
            assertThat(ProtocolCodec.decodeServer(text)).as(text).isInstanceOfSatisfying(Decoded.Invalid.class,
                    i -> assertThat(i.code()).isEqualTo("invalid_message"));
        }
    }

    @Test
    void anOptionalServerFieldThatIsNullIsAbsent() {
        assertThat(ProtocolCodec.decodeServer(
                "{\"type\":\"error\",\"code\":\"busy\",\"message\":\"m\",\"clientMessageId\":null,"
                        + "\"currentVersion\":null}"))
                .isEqualTo(new Decoded.Ok<ServerFrame>(new ServerFrame.ErrorFrame("busy", "m", null, null)));
    }

    @Test
    void tokenCountsBeyondWhatWireUsageHoldsAreInvalidRatherThanWrapped() {
        String message = "{\"type\":\"message\",\"seq\":1,\"message\":{\"id\":\"m\",\"role\":\"assistant\","
                + "\"content\":\"\",\"createdAt\":\"t\",\"usage\":{\"inputTokens\":2147483648,\"outputTokens\":1}}}";
        assertThat(ProtocolCodec.decodeServer(message)).isInstanceOfSatisfying(Decoded.Invalid.class,
                i -> assertThat(i.message()).contains("message.usage.inputTokens"));
    }

    @Test
    void aReadyFromAServerThatPredatesLimitsHasNone() {
        String ready = "{\"type\":\"ready\",\"threadId\":\"t\",\"userId\":\"u\",\"connectionId\":\"c\",\"lastSeq\":0,"
                + "\"agent\":{\"name\":\"\",\"description\":\"\",\"instructions\":\"\",\"conversationStarters\":[],"
                + "\"capabilities\":[],\"version\":0},\"status\":\"idle\",\"reset\":false}";
        assertThat(ProtocolCodec.decodeServer(ready)).isInstanceOfSatisfying(Decoded.Ok.class,
                ok -> assertThat(((ServerFrame.Ready) ok.frame()).limits()).isNull());
        assertThat(ProtocolCodec.encode(new ServerFrame.Ready("t", "u", "c", 0,
                new WireAgent("", "", "", List.of(), List.of(), 0), "idle", false))).isEqualTo(ready);
    }

    @Test
    void limitsBeyondWhatWireLimitsHoldsAreInvalidRatherThanWrapped() {
        String ready = "{\"type\":\"ready\",\"threadId\":\"t\",\"userId\":\"u\",\"connectionId\":\"c\",\"lastSeq\":0,"
                + "\"agent\":{\"name\":\"\",\"description\":\"\",\"instructions\":\"\",\"conversationStarters\":[],"
                + "\"capabilities\":[],\"version\":0},\"status\":\"idle\",\"reset\":false,\"limits\":{"
                + "\"messageChars\":2147483648,\"nameChars\":80,\"descriptionChars\":500,\"instructionsChars\":8000,"
                + "\"conversationStarters\":8,\"conversationStarterChars\":200}}";
        assertThat(ProtocolCodec.decodeServer(ready)).isInstanceOfSatisfying(Decoded.Invalid.class,
                i -> assertThat(i.message()).contains("limits.messageChars"));
    }
}
