package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/corpus/server-frames.json: what every client's decoder must make of the server's frames, Java's here. */
class ServerFrameCorpusTest {

    private static final Corpus CORPUS = Corpus.read(Corpus.SERVER_FRAMES);
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();

    @Test
    void everyValidFrameDecodesAndEncodesBackToWhatTheCorpusSays() {
        List<String> problems = new ArrayList<>();
        for (Corpus.Valid entry : CORPUS.valid()) {
            Decoded<ServerFrame> decoded = ProtocolCodec.decodeServer(entry.frame().toString());
            if (!(decoded instanceof Decoded.Ok<ServerFrame> ok)) {
                problems.add(entry.name() + ": " + decoded);
                continue;
            }
            JsonElement encoded = JsonParser.parseString(ProtocolCodec.encode(ok.frame()));
            if (!encoded.equals(entry.expected())) {
                problems.add(entry.name() + ": encoded back as " + encoded + ", expected " + entry.expected());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(CORPUS.valid()).hasSizeGreaterThan(20);
    }

    @Test
    void everyInvalidFrameIsRefusedWithTheCodeTheCorpusSays() {
        assertThat(CORPUS.invalidDecodedOtherwise(ProtocolCodec::decodeServer)).isEmpty();
        assertThat(CORPUS.invalid()).extracting(Corpus.Invalid::error)
                .contains(ErrorCodes.INVALID_JSON, ErrorCodes.INVALID_MESSAGE, ErrorCodes.UNKNOWN_TYPE);
    }

    @Test
    void everyValidFrameThisServerCouldWriteValidatesAgainstTheSchema() {
        assertThat(CORPUS.schemaDisagreements(SCHEMA::validateServerFrame)).isEmpty();
    }

    @Test
    void theCorpusHasAValidFrameOfEveryTypeTheSchemaDeclares() {
        assertThat(CORPUS.valid()).filteredOn(e -> !e.legacy())
                .extracting(e -> e.frame().get("type").getAsString())
                .containsAll(SCHEMA.serverFrameTypes());
    }

    /**
     * Fields this server always writes that decoders still take as optional: servers that predate them left them
     * out (the corpus has them missing and null as valid legacy frames).
     */
    private static final Set<String> OPTIONAL_FOR_DECODERS = Set.of("agent_updated.source", "ready.limits");

    /** For the TypeScript decoder as much as for this one: no required field is left untried. */
    @Test
    void everyRequiredFieldIsTriedMissingNullAndOfTheWrongType() {
        List<String> untried = new ArrayList<>();
        for (Map.Entry<String, String> field : SCHEMA.requiredServerFields().entrySet()) {
            String[] path = field.getKey().split("\\.");
            for (Fault fault : Fault.values()) {
                if (OPTIONAL_FOR_DECODERS.contains(field.getKey()) && fault != Fault.MISTYPED) {
                    continue;
                }
                boolean tried = CORPUS.invalid().stream()
                        .filter(e -> e.frame() != null && path[0].equals(typeOf(e.frame())))
                        .anyMatch(e -> fault.appliesTo(e.frame(), path, field.getValue()));
                if (!tried) {
                    untried.add(field.getKey() + " " + fault.name().toLowerCase());
                }
            }
        }
        assertThat(untried).as("required fields the corpus never breaks").isEmpty();
    }

    private static String typeOf(JsonObject frame) {
        JsonElement type = frame.get("type");
        boolean isString = type != null && type.isJsonPrimitive() && type.getAsJsonPrimitive().isString();
        return isString ? type.getAsString() : null;
    }

    private enum Fault {
        MISSING, NULL, MISTYPED;

        /** Whether the frame breaks the field at {@code path} (type, then the names down to it) this way. */
        boolean appliesTo(JsonObject frame, String[] path, String jsonType) {
            JsonElement parent = frame;
            for (int i = 1; i < path.length - 1; i++) {
                if (!parent.isJsonObject() || !parent.getAsJsonObject().has(path[i])) {
                    return false;
                }
                parent = parent.getAsJsonObject().get(path[i]);
            }
            if (!parent.isJsonObject()) {
                return false;
            }
            JsonElement value = parent.getAsJsonObject().get(path[path.length - 1]);
            return switch (this) {
                case MISSING -> value == null;
                case NULL -> value != null && value.isJsonNull();
                case MISTYPED -> value != null && !value.isJsonNull() && !isOfType(value, jsonType);
            };
        }

        private static boolean isOfType(JsonElement value, String jsonType) {
            return switch (jsonType) {
                case "string" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
                case "integer" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
                case "boolean" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
                case "object" -> value.isJsonObject();
                case "array" -> value.isJsonArray();
                default -> throw new IllegalArgumentException("no JSON type " + jsonType);
            };
        }
    }
}
