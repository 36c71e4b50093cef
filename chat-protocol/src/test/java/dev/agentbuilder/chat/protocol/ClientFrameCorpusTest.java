package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/corpus/client-frames.json: what the server's decoder makes of what clients send. */
class ClientFrameCorpusTest {

    private static final Corpus CORPUS = Corpus.read(Corpus.CLIENT_FRAMES);
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();

    @Test
    void everyValidFrameDecodesAndEncodesBackToWhatTheCorpusSays() {
        List<String> problems = new ArrayList<>();
        for (Corpus.Valid entry : CORPUS.valid()) {
            Decoded<ClientFrame> decoded = ProtocolCodec.decodeClient(entry.frame().toString());
            if (!(decoded instanceof Decoded.Ok<ClientFrame> ok)) {
                problems.add(entry.name() + ": " + decoded);
                continue;
            }
            JsonElement encoded = JsonParser.parseString(ProtocolCodec.encode(ok.frame()));
            if (!encoded.equals(entry.expected())) {
                problems.add(entry.name() + ": encoded back as " + encoded + ", expected " + entry.expected());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyInvalidFrameIsRefusedWithTheCodeTheCorpusSays() {
        assertThat(CORPUS.invalidDecodedOtherwise(ProtocolCodec::decodeClient)).isEmpty();
        assertThat(CORPUS.invalid()).extracting(Corpus.Invalid::error)
                .contains(ErrorCodes.INVALID_JSON, ErrorCodes.INVALID_MESSAGE, ErrorCodes.UNKNOWN_TYPE);
    }

    @Test
    void everyValidFrameTheSchemaDescribesValidatesAgainstIt() {
        assertThat(CORPUS.schemaDisagreements(SCHEMA::validateClientFrame)).isEmpty();
    }

    @Test
    void theCorpusHasAValidFrameOfEveryClientType() {
        assertThat(CORPUS.valid()).filteredOn(e -> !e.legacy())
                .extracting(e -> e.frame().get("type").getAsString())
                .containsAll(SCHEMA.clientFrameTypes());
    }
}
