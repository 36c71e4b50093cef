package dev.agentbuilder.chat.server.internal.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.agentbuilder.chat.core.StoredEvent;
import dev.agentbuilder.chat.core.ThreadCatalog.ThreadDetails;
import dev.agentbuilder.chat.core.ThreadCatalog.ThreadPage;
import dev.agentbuilder.chat.core.ThreadInfo;
import dev.agentbuilder.chat.protocol.ProtocolCodec;
import dev.agentbuilder.chat.server.internal.wire.FrameMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The API's JSON: the bodies of its answers, built from the protocol's objects as {@link FrameMapper} makes them (so a
 * thread, a draft or an event reads the same as on the WebSocket), and the strict reading of request bodies. Stateless.
 */
final class Json {

    /** The protocol's objects, written as {@link ProtocolCodec} writes them: an absent optional field is left out. */
    private static final Gson OBJECTS = new GsonBuilder().disableHtmlEscaping().create();
    /** The API's envelopes, whose paging fields are always there: null when there is nothing more. */
    private static final Gson ENVELOPES = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    /** Deeper JSON than this is refused before it is built: no request body needs more than one level. */
    private static final int MAX_NESTING = 16;

    private Json() {
    }

    /** {@code {"threads": [thread...], "nextCursor": string or null}}. */
    static String page(ThreadPage page) {
        JsonArray threads = new JsonArray();
        page.threads().forEach(info -> threads.add(OBJECTS.toJsonTree(FrameMapper.thread(info))));
        JsonObject body = new JsonObject();
        body.add("threads", threads);
        body.add("nextCursor", page.nextCursor() == null ? JsonNull.INSTANCE : new JsonPrimitive(page.nextCursor()));
        return ENVELOPES.toJson(body);
    }

    /** {@code {"thread": thread, "agent": agent}}. */
    static String details(ThreadDetails details) {
        JsonObject body = new JsonObject();
        body.add("thread", OBJECTS.toJsonTree(FrameMapper.thread(details.info())));
        body.add("agent", OBJECTS.toJsonTree(FrameMapper.agent(details.agent())));
        return ENVELOPES.toJson(body);
    }

    /** {@code {"file": file}}. */
    static String fileEnvelope(dev.agentbuilder.chat.core.AgentFile file) {
        JsonObject body = new JsonObject();
        body.add("file", OBJECTS.toJsonTree(FrameMapper.file(file)));
        return ENVELOPES.toJson(body);
    }

    /** {@code {"files": [file...]}}. */
    static String files(List<dev.agentbuilder.chat.core.AgentFile> files) {
        JsonArray array = new JsonArray();
        files.forEach(f -> array.add(OBJECTS.toJsonTree(FrameMapper.file(f))));
        JsonObject body = new JsonObject();
        body.add("files", array);
        return ENVELOPES.toJson(body);
    }

    /** {@code {"thread": thread}}. */
    static String thread(ThreadInfo info) {
        JsonObject body = new JsonObject();
        body.add("thread", OBJECTS.toJsonTree(FrameMapper.thread(info)));
        return ENVELOPES.toJson(body);
    }

    /**
     * {@code {"events": [frame...], "nextAfter": seq or null}}: each event the frame the WebSocket sends for it, type
     * and seq included; {@code nextAfter} is the last seq of a full page (more may follow), null after a short one.
     */
    static String events(List<StoredEvent> events, int limit) {
        JsonArray frames = new JsonArray();
        for (StoredEvent event : events) {
            frames.add(JsonParser.parseString(ProtocolCodec.encode(FrameMapper.event(event))));
        }
        JsonObject body = new JsonObject();
        body.add("events", frames);
        body.add("nextAfter", events.size() < limit ? JsonNull.INSTANCE
                : new JsonPrimitive(events.get(events.size() - 1).seq()));
        return ENVELOPES.toJson(body);
    }

    /** {@code {"error": {"code": code, "message": message}}}. */
    static String error(String code, String message) {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        error.addProperty("message", message);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return ENVELOPES.toJson(body);
    }

    /**
     * A request body that must be one JSON object, read strictly: UTF-8, one value and nothing after it.
     *
     * @throws ApiError 400 naming what is wrong
     */
    static JsonObject object(byte[] body) {
        if (body.length == 0) {
            throw ApiError.invalidRequest("The request needs a JSON object as its body.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalidRequest("The body is not valid UTF-8.");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_NESTING);
        JsonElement tree;
        try {
            tree = OBJECTS.getAdapter(JsonElement.class).read(reader);
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw ApiError.invalidRequest("The body is not valid JSON.");
        }
        if (!atEnd(reader)) {
            throw ApiError.invalidRequest("The body is not valid JSON: there is more after its JSON value.");
        }
        if (!tree.isJsonObject()) {
            throw ApiError.invalidRequest("The body must be a JSON object.");
        }
        return tree.getAsJsonObject();
    }

    /** Whether nothing but white space follows the value read; not, when what follows is not even JSON. */
    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
