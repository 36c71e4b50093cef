package dev.agentbuilder.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every JSON example in docs/protocol.md is valid and complete: ```json blocks are the agent object (or a frame, when
 * they have a type), and in other code blocks a line starting with {@code < {} is a server frame and one starting
 * with {@code > {} a client frame. Shortening a long string with "…" inside it is fine; leaving fields out is not.
 */
class ProtocolDocsExamplesTest {

    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();

    private record Example(int line, char direction, String json) {
    }

    /** Codes for a client frame of the wrong shape: an example answered with one shows a frame the schema refuses. */
    private static final Set<String> SHAPE_ERRORS = Set.of(ErrorCodes.INVALID_JSON, ErrorCodes.INVALID_MESSAGE,
            ErrorCodes.UNKNOWN_TYPE, ErrorCodes.MESSAGE_TOO_LONG);

    @Test
    void everyFrameAndObjectInTheExamplesValidatesAgainstTheSchemaAndDecodes() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Example> examples = examples();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            List<String> violations = switch (example.direction()) {
                case '<' -> serverFrame(example.json());
                case '>' -> clientFrame(example.json());
                default -> example.json().contains("\"type\"")
                        ? serverOrClientFrame(example.json())
                        : SCHEMA.validate(example.json().contains("\"messageCount\"") ? "Thread" : "Agent",
                                example.json());
            };
            boolean refused = example.direction() == '>' && i + 1 < examples.size()
                    && answeredWithAShapeError(examples.get(i + 1));
            if (refused && SCHEMA.validateClientFrame(example.json()).isEmpty()) {
                problems.add("protocol.md line " + example.line() + ": the server refuses it, the schema takes it"
                        + "\n    " + example.json());
            } else if (!refused && !violations.isEmpty()) {
                problems.add("protocol.md line " + example.line() + ": " + violations + "\n    " + example.json());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static boolean answeredWithAShapeError(Example next) {
        return next.direction() == '<'
                && ProtocolCodec.decodeServer(next.json()) instanceof Decoded.Ok<ServerFrame> ok
                && ok.frame() instanceof ServerFrame.ErrorFrame error
                && SHAPE_ERRORS.contains(error.code());
    }

    @Test
    void theExamplesShowEveryFrameTypeOfBothDirections() throws IOException {
        Set<String> server = new TreeSet<>();
        Set<String> client = new TreeSet<>();
        for (Example example : examples()) {
            String type = typeOf(example.json());
            if (example.direction() == '<') {
                server.add(type);
            } else if (example.direction() == '>') {
                client.add(type);
            }
        }
        assertThat(server).containsAll(SCHEMA.serverFrameTypes());
        assertThat(client).containsAll(SCHEMA.clientFrameTypes());
    }

    @Test
    void noLineOfACodeBlockLooksLikeAFrameWithoutBeingOne() throws IOException {
        List<String> lines = Files.readAllLines(ProtocolSchema.docsDirectory().resolve("protocol.md"));
        List<String> strays = new ArrayList<>();
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (inCode && (line.startsWith("<") || line.startsWith(">"))
                    && !(line.startsWith("< {") || line.startsWith("> {"))) {
                strays.add((i + 1) + ": " + line);
            }
        }
        assertThat(strays).as("lines that start like a frame but are not one").isEmpty();
    }

    private static List<String> serverFrame(String json) {
        List<String> violations = new ArrayList<>(SCHEMA.validateServerFrame(json));
        if (ProtocolCodec.decodeServer(json) instanceof Decoded.Invalid<ServerFrame> invalid) {
            violations.add("decodeServer: " + invalid.message());
        }
        return violations;
    }

    private static List<String> clientFrame(String json) {
        List<String> violations = new ArrayList<>(SCHEMA.validateClientFrame(json));
        if (ProtocolCodec.decodeClient(json) instanceof Decoded.Invalid<ClientFrame> invalid) {
            violations.add("decodeClient: " + invalid.message());
        }
        return violations;
    }

    private static List<String> serverOrClientFrame(String json) {
        return SCHEMA.serverFrameTypes().contains(typeOf(json)) ? serverFrame(json) : clientFrame(json);
    }

    private static String typeOf(String json) {
        return ProtocolCodec.decodeServer(json) instanceof Decoded.Ok<ServerFrame> ok ? ok.frame().type()
                : ProtocolCodec.decodeClient(json) instanceof Decoded.Ok<ClientFrame> client ? client.frame().type()
                : "(no type: " + json + ")";
    }

    /** The examples of protocol.md, each with its line number (of its first line, for a ```json block). */
    private static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(ProtocolSchema.docsDirectory().resolve("protocol.md"));
        List<Example> examples = new ArrayList<>();
        String fence = null;
        StringBuilder block = new StringBuilder();
        int blockStart = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                if (fence == null) {
                    fence = line.substring(3).trim();
                    block.setLength(0);
                    blockStart = i + 2;
                } else {
                    if (fence.equals("json")) {
                        examples.add(new Example(blockStart, ' ', block.toString()));
                    }
                    fence = null;
                }
            } else if ("json".equals(fence)) {
                block.append(line).append('\n');
            } else if (fence != null && (line.startsWith("< {") || line.startsWith("> {"))) {
                examples.add(new Example(i + 1, line.charAt(0), line.substring(2)));
            }
        }
        assertThat(examples).as("examples found in protocol.md").hasSizeGreaterThan(30);
        return examples;
    }
}
