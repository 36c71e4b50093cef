package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.protocol.ProtocolSchema;
import dev.agentbuilder.chat.protocol.WireAgent;
import dev.agentbuilder.chat.protocol.WireThread;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docs/openapi.json is one contract with the WebSocket's: the objects both carry (a thread, a message, a draft, a
 * stored event) are the same schemas as in docs/asyncapi.yaml, copied and held equal here, and a thread has the fields
 * of the protocol's {@link WireThread}.
 */
class OpenApiDocumentTest {

    private final JsonNode openApi = OpenApiContract.load().document();

    @Test
    void theDocumentIsOpenApi31() {
        assertThat(openApi.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(openApi.path("paths").propertyNames()).containsExactlyInAnyOrder("/v1/users/{userId}/threads",
                "/v1/threads/{threadId}", "/v1/threads/{threadId}/events", "/v1/threads/{threadId}/agent",
                "/v1/openapi.json", "/v1/threads/{threadId}/files", "/v1/threads/{threadId}/files/{fileId}",
                "/v1/threads/{threadId}/files/{fileId}/content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Thread", "Agent", "Capability", "Message", "Usage", "MessageFrame",
        "AgentUpdatedFrame", "File", "Citation", "Citations"})
    void theObjectsTheWebSocketAlsoCarriesAreTheSchemasOfItsContract(String name) throws IOException {
        JsonNode asyncApi = YAMLMapper.shared().readTree(Files.readString(ProtocolSchema.documentPath()));

        assertThat(openApi.path("components").path("schemas").path(name))
                .as("components.schemas.%s of docs/openapi.json and docs/asyncapi.yaml", name)
                .isEqualTo(asyncApi.path("components").path("schemas").path(name));
    }

    @Test
    void aThreadHasTheFieldsOfTheProtocolsThreadObject() {
        JsonNode thread = openApi.path("components").path("schemas").path("Thread");

        assertThat(thread.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(
                names(WireThread.class));
        assertThat(thread.path("properties").path("agent").path("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(names(WireThread.Agent.class));
        assertThat(openApi.path("components").path("schemas").path("Agent").path("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(names(WireAgent.class));
    }

    private static List<String> names(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
