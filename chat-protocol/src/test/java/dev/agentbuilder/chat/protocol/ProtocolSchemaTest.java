package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test kit itself: it must catch what it is there to catch, and say what it found. */
class ProtocolSchemaTest {

    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();
    private static final String PONG = ProtocolCodec.encode(new ServerFrame.Pong());
    private static final String ACK = ProtocolCodec.encode(new ServerFrame.Ack("c1", "m1", 3, false));

    @Test
    void framesTheCodecWritesAreValid() {
        WireAgent agent = new WireAgent("Wanderlust", "d", "i", List.of("Plan"), List.of("web_search"), 3);
        WireLimits limits = new WireLimits(8000, 80, 500, 8000, 8, 200);
        for (ServerFrame frame : List.of(new ServerFrame.Pong(), new ServerFrame.Ready("t", "u", "c", 0, agent, "idle",
                false, limits), new ServerFrame.AgentUpdated(1, agent, "builder"))) {
            assertThat(SCHEMA.validateServerFrame(ProtocolCodec.encode(frame))).as(frame.toString()).isEmpty();
        }
        assertThat(SCHEMA.validateClientFrame(ProtocolCodec.encode(new ClientFrame.UserMessage("hi", "c1"))))
                .isEmpty();
    }

    @Test
    void aServerFrameWithAFieldTheSchemaDoesNotDeclareIsAViolationNamingIt() {
        assertThat(SCHEMA.validateServerFrame(ACK.replace("}", ",\"node\":\"a\"}")))
                .singleElement().asString().contains("node");
    }

    @Test
    void aMissingFieldAWrongTypeAndABrokenLimitAreViolationsNamingWhere() {
        assertThat(SCHEMA.validateServerFrame(ACK.replace("\"seq\":3,", ""))).singleElement().asString()
                .contains("seq");
        assertThat(SCHEMA.validateServerFrame(ACK.replace("\"seq\":3", "\"seq\":\"3\""))).singleElement().asString()
                .startsWith("/seq");
        assertThat(SCHEMA.validateServerFrame(ACK.replace("\"seq\":3", "\"seq\":0"))).singleElement().asString()
                .startsWith("/seq");
    }

    @Test
    void aFrameOfAnUnknownTypeOrNotJsonIsAViolationNotAnException() {
        assertThat(SCHEMA.validateServerFrame("{\"type\":\"typing\"}")).singleElement().asString()
                .contains("no server frame of type \"typing\"");
        assertThat(SCHEMA.validateServerFrame("{\"type\":\"ping\"}")).isNotEmpty();
        assertThat(SCHEMA.validateClientFrame(PONG)).isNotEmpty();
        assertThat(SCHEMA.validateServerFrame("{\"type\":")).singleElement().asString().startsWith("not JSON");
        assertThat(SCHEMA.validateServerFrame("[]")).isNotEmpty();
    }

    @Test
    void aValueIsCheckedByTheNameOfItsSchema() {
        assertThat(SCHEMA.validate("Capability", "\"web_search\"")).isEmpty();
        assertThat(SCHEMA.validate("Capability", "\"teleport\"")).isNotEmpty();
        assertThat(SCHEMA.validate("CloseCode", "4401")).isEmpty();
        assertThat(SCHEMA.validate("CloseCode", "4402")).isNotEmpty();
        assertThatThrownBy(() -> SCHEMA.validate("Draft", "{}")).hasMessageContaining("Agent");
    }

    @Test
    void theDeclaredPathsReachIntoTheAgentTheMessageAndItsUsage() {
        assertThat(SCHEMA.serverFrameTypes()).containsExactlyInAnyOrder("ready", "message", "agent_updated", "ack",
                "status", "assistant_delta", "file_status", "agent_export", "error", "pong", "threads", "thread_changed",
                "thread_renamed", "thread_deleted");
        assertThat(SCHEMA.serverPropertyPaths()).contains("pong.type", "ready.agent.version",
                "message.message.usage.inputTokens", "message.message.channel", "error.currentVersion",
                "agent_updated.source").doesNotContain("ready.agent.capabilities.0");
        assertThat(SCHEMA.requiredServerFields()).containsEntry("message.seq", "integer")
                .containsEntry("message.message.usage.outputTokens", "integer")
                .containsEntry("ready.agent", "object").doesNotContainKey("ready.type")
                .doesNotContainKey("ack.messageId");
    }

    @Test
    void aFrameHoldsThePathsOfItsFieldsAndOfTheObjectsInThem() {
        String message = ProtocolCodec.encode(new ServerFrame.Message(2, new WireMessage("m", "assistant", "x",
                "2026-01-01T00:00:00.000Z", null, null, "u", null, new WireUsage(1, 2))));
        assertThat(ProtocolSchema.propertyPaths(message)).containsExactly(
                "message.message", "message.message.content", "message.message.createdAt", "message.message.id",
                "message.message.replyTo", "message.message.role", "message.message.usage",
                "message.message.usage.inputTokens", "message.message.usage.outputTokens", "message.seq",
                "message.type");
    }
}
