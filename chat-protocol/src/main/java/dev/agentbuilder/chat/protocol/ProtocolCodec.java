package dev.agentbuilder.chat.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON codec of protocol v1, for both directions. Frames are decoded strictly and never throw: a frame that
 * is not what docs/protocol.md describes becomes a {@link Decoded.Invalid} naming the problem (server frames by the
 * rules every client shares, whose cases are in docs/corpus). Unknown fields are ignored, so either side may add
 * fields. Thread-safe.
 */
public final class ProtocolCodec {

    /** Deeper JSON than this is refused before it is built: no client frame needs more than 2 levels. */
    static final int MAX_NESTING = 16;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** Where Gson's parser says it stopped, in its messages: "... at line 1 column 3 path $.". */
    private static final Pattern PARSER_POSITION = Pattern.compile("at line (\\d+) column (\\d+)");
    private static final String TRAILING_DATA = "unexpected data after the JSON value";
    private static final TypeAdapter<JsonElement> TREE = GSON.getAdapter(JsonElement.class);

    /** The formats {@code export_agent} takes. */
    public static final List<String> EXPORT_FORMATS = List.of("json", "openai", "markdown");

    private ProtocolCodec() {
    }

    public static String encode(ServerFrame frame) {
        if (frame instanceof ServerFrame.AssistantDelta delta && delta.citations() == null) {
            return delta(delta);
        }
        return withType(frame.type(), frame);
    }

    public static String encode(ClientFrame frame) {
        return withType(frame.type(), frame);
    }

    /**
     * The frame's JSON object with {@code type} as its first member. The record is written once, straight to text
     * after the type, and its opening brace made the comma after the type: every streamed delta is encoded here, and
     * building a tree first and copying it cost as much as writing the text.
     */
    private static String withType(String type, Object frame) {
        StringBuilder out = new StringBuilder(256).append("{\"type\":");
        Writer text = new StringBuilderWriter(out);
        int brace;
        try {
            GSON.toJson(type, String.class, GSON.newJsonWriter(text));
            brace = out.length();
            GSON.toJson(frame, frame.getClass(), GSON.newJsonWriter(text));
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder cannot fail to be written", e);
        }
        if (out.length() - brace <= 2) { // "{}": no members after the type
            out.setLength(brace);
            out.append('}');
        } else {
            out.setCharAt(brace, ',');
        }
        return out.toString();
    }

    /**
     * A reply streams dozens of deltas for each other frame, so they are written member by member, in the record's
     * order, as {@link #withType} would: Gson's reflection over the record cost twice as much (docs/benchmarks.md).
     */
    private static String delta(ServerFrame.AssistantDelta delta) {
        StringBuilder out = new StringBuilder(64 + length(delta.messageId()) + length(delta.delta()));
        try (JsonWriter json = GSON.newJsonWriter(new StringBuilderWriter(out))) {
            json.beginObject()
                    .name("type").value(delta.type())
                    .name("messageId").value(delta.messageId())
                    .name("delta").value(delta.delta())
                    .name("channel").value(delta.channel())
                    .endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder cannot fail to be written", e);
        }
        return out.toString();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Decodes what a client sent. Never throws. */
    public static Decoded<ClientFrame> decodeClient(String text) {
        JsonObject frame;
        try {
            JsonElement tree = parseStrict(text);
            if (!tree.isJsonObject()) {
                return invalid(ErrorCodes.INVALID_MESSAGE, "a frame must be a JSON object", null);
            }
            frame = tree.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return invalid(ErrorCodes.INVALID_JSON, notJson(e), null);
        }
        String type = stringOrNull(frame.get("type"));
        if (type == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "a frame needs a string field \"type\"", null);
        }
        return switch (type) {
            case "user_message" -> decodeUserMessage(frame);
            case "cancel" -> new Decoded.Ok<>(new ClientFrame.Cancel());
            case "ping" -> new Decoded.Ok<>(new ClientFrame.Ping());
            case "update_agent" -> decodeUpdateAgent(frame);
            case "revert_agent" -> decodeRevertAgent(frame);
            case "export_agent" -> decodeExportAgent(frame);
            case "list_threads", "rename_thread", "delete_thread" -> ThreadListFrames.decode(type, frame);
            default -> invalid(ErrorCodes.UNKNOWN_TYPE, "unknown frame type \"" + abbreviate(type) + "\"", null);
        };
    }

    private static Decoded<ClientFrame> decodeUserMessage(JsonObject frame) {
        Decoded<String> id = clientMessageId(frame);
        if (id instanceof Decoded.Invalid<String> bad) {
            return invalid(bad.code(), bad.message(), null);
        }
        String clientMessageId = ((Decoded.Ok<String>) id).frame();
        JsonElement contentField = frame.get("content");
        String content = stringOrNull(contentField);
        if (content == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE,
                    contentField == null || contentField.isJsonNull()
                            ? "user_message needs a string field \"content\""
                            : "content must be a string",
                    clientMessageId);
        }
        JsonElement modeField = frame.get("mode");
        String mode = stringOrNull(modeField);
        if (modeField != null && !modeField.isJsonNull() && (mode == null
                || !(mode.equals(ClientFrame.UserMessage.PREVIEW) || mode.equals(ClientFrame.UserMessage.BUILDER)))) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "mode must be \"builder\" or \"preview\"", clientMessageId);
        }
        return new Decoded.Ok<>(new ClientFrame.UserMessage(content, clientMessageId,
                ClientFrame.UserMessage.BUILDER.equals(mode) ? null : mode));
    }

    private static Decoded<ClientFrame> decodeUpdateAgent(JsonObject frame) {
        Decoded<String> id = clientMessageId(frame);
        if (id instanceof Decoded.Invalid<String> bad) {
            return invalid(bad.code(), bad.message(), null);
        }
        String clientMessageId = ((Decoded.Ok<String>) id).frame();
        Long baseVersion = wholeNumber(frame.get("baseVersion"));
        if (baseVersion == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "update_agent needs \"baseVersion\", a whole number >= 0",
                    clientMessageId);
        }
        JsonElement changesField = frame.get("changes");
        if (changesField == null || !changesField.isJsonObject()) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "update_agent needs \"changes\", an object", clientMessageId);
        }
        JsonObject changes = changesField.getAsJsonObject();
        for (String field : changes.keySet()) {
            if (!WireAgentChanges.FIELDS.contains(field)) {
                return invalid(ErrorCodes.INVALID_MESSAGE, "changes has an unknown field \"" + abbreviate(field)
                        + "\"; known: " + String.join(", ", WireAgentChanges.FIELDS), clientMessageId);
            }
        }
        if (changes.size() == 0) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "changes must hold at least one field", clientMessageId);
        }
        String[] texts = new String[3];
        for (int i = 0; i < 3; i++) {
            String field = WireAgentChanges.FIELDS.get(i);
            JsonElement value = changes.get(field);
            if (value != null) {
                texts[i] = stringOrNull(value);
                if (texts[i] == null) {
                    return invalid(ErrorCodes.INVALID_MESSAGE, "changes." + field + " must be a string",
                            clientMessageId);
                }
            }
        }
        List<String> starters = stringList(changes.get("conversationStarters"));
        if (changes.has("conversationStarters") && starters == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "changes.conversationStarters must be an array of strings",
                    clientMessageId);
        }
        List<String> capabilities = stringList(changes.get("capabilities"));
        if (changes.has("capabilities") && capabilities == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "changes.capabilities must be an array of strings",
                    clientMessageId);
        }
        return new Decoded.Ok<>(new ClientFrame.UpdateAgent(baseVersion,
                new WireAgentChanges(texts[0], texts[1], texts[2], starters, capabilities), clientMessageId));
    }

    private static Decoded<ClientFrame> decodeRevertAgent(JsonObject frame) {
        Decoded<String> id = clientMessageId(frame);
        if (id instanceof Decoded.Invalid<String> bad) {
            return invalid(bad.code(), bad.message(), null);
        }
        String clientMessageId = ((Decoded.Ok<String>) id).frame();
        Long version = wholeNumber(frame.get("version"));
        if (version == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "revert_agent needs \"version\", a whole number >= 0",
                    clientMessageId);
        }
        return new Decoded.Ok<>(new ClientFrame.RevertAgent(version, clientMessageId));
    }

    private static Decoded<ClientFrame> decodeExportAgent(JsonObject frame) {
        String format = stringOrNull(frame.get("format"));
        if (format == null || !EXPORT_FORMATS.contains(format)) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "export_agent needs \"format\": one of "
                    + String.join(", ", EXPORT_FORMATS), null);
        }
        return new Decoded.Ok<>(new ClientFrame.ExportAgent(format));
    }

    /** The frame's clientMessageId: null when absent, invalid when not a string of 1 to 128 characters. */
    static Decoded<String> clientMessageId(JsonObject frame) {
        JsonElement idField = frame.get("clientMessageId");
        String clientMessageId = stringOrNull(idField);
        if (idField != null && !idField.isJsonNull() && clientMessageId == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "clientMessageId must be a string", null);
        }
        if (clientMessageId != null && (clientMessageId.isEmpty() || clientMessageId.length() > 128)) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "clientMessageId must be 1 to 128 characters", null);
        }
        return new Decoded.Ok<>(clientMessageId);
    }

    /** A JSON number that is a whole number from 0 to Long.MAX_VALUE, or null. */
    static Long wholeNumber(JsonElement e) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            return null;
        }
        try {
            BigDecimal n = p.getAsBigDecimal();
            if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
                return null;
            }
            return n.longValueExact();
        } catch (ArithmeticException | NumberFormatException e2) {
            return null;
        }
    }

    /** A JSON array of strings as a list, or null when it is anything else (or absent). */
    private static List<String> stringList(JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonElement item : e.getAsJsonArray()) {
            String s = stringOrNull(item);
            if (s == null) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /**
     * Decodes what the server sent, by the decoding rules every client shares (docs/corpus holds the cases): not
     * JSON is {@code invalid_json}; not an object, no string {@code type}, or a required field missing, null or of
     * the wrong JSON type is {@code invalid_message} naming the field; a type this codec does not know is
     * {@code unknown_type}, so clients can skip it. Unknown fields are ignored. Never throws.
     */
    public static Decoded<ServerFrame> decodeServer(String text) {
        JsonElement tree;
        try {
            tree = parseStrict(text);
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return invalid(ErrorCodes.INVALID_JSON, notJson(e), null);
        }
        if (!tree.isJsonObject()) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "a frame must be a JSON object", null);
        }
        String type = stringOrNull(tree.getAsJsonObject().get("type"));
        if (type == null) {
            return invalid(ErrorCodes.INVALID_MESSAGE, "a frame needs a string field \"type\"", null);
        }
        return ServerFrameReader.read(type, tree.getAsJsonObject());
    }

    private static JsonElement parseStrict(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_NESTING);
        JsonElement tree = TREE.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException(TRAILING_DATA);
        }
        return tree;
    }

    static String stringOrNull(JsonElement e) {
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        return null;
    }

    /**
     * What is wrong with text that is not JSON, in our words and with where it went wrong: the parser's own message
     * speaks of its API ("Use JsonReader.setStrictness(...)"), which means nothing to whoever sent the frame.
     */
    private static String notJson(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.equals(TRAILING_DATA)) {
            return "the frame is not valid JSON: there is more after its JSON value";
        }
        if (message.startsWith("Nesting limit")) {
            return "the frame is not valid JSON: it nests deeper than " + MAX_NESTING + " levels";
        }
        Matcher at = PARSER_POSITION.matcher(message);
        String where = at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : "";
        return (message.startsWith("End of input") ? "the frame is not valid JSON: it ends too early"
                : "the frame is not valid JSON") + where;
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    private static <T> Decoded<T> invalid(String code, String message, String clientMessageId) {
        return new Decoded.Invalid<>(code, message, clientMessageId);
    }
}
