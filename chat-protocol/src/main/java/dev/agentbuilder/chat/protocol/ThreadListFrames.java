package dev.agentbuilder.chat.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Decodes the client frames of a user's list of threads ({@code list_threads}, {@code rename_thread},
 * {@code delete_thread}) by their JSON types; the server checks what the values mean (lengths, ids, cursors).
 * Stateless.
 */
final class ThreadListFrames {

    private ThreadListFrames() {
    }

    static Decoded<ClientFrame> decode(String type, JsonObject frame) {
        Decoded<String> id = ProtocolCodec.clientMessageId(frame);
        if (id instanceof Decoded.Invalid<String> bad) {
            return new Decoded.Invalid<>(bad.code(), bad.message(), null);
        }
        String clientMessageId = ((Decoded.Ok<String>) id).frame();
        return switch (type) {
            case "list_threads" -> listThreads(frame, clientMessageId);
            case "rename_thread" -> {
                String threadId = ProtocolCodec.stringOrNull(frame.get("threadId"));
                String title = ProtocolCodec.stringOrNull(frame.get("title"));
                if (threadId == null) {
                    yield invalid("rename_thread needs \"threadId\", a string", clientMessageId);
                }
                if (title == null) {
                    yield invalid("rename_thread needs \"title\", a string", clientMessageId);
                }
                yield new Decoded.Ok<>(new ClientFrame.RenameThread(threadId, title, clientMessageId));
            }
            default -> {
                String threadId = ProtocolCodec.stringOrNull(frame.get("threadId"));
                yield threadId == null ? invalid("delete_thread needs \"threadId\", a string", clientMessageId)
                        : new Decoded.Ok<>(new ClientFrame.DeleteThread(threadId, clientMessageId));
            }
        };
    }

    private static Decoded<ClientFrame> listThreads(JsonObject frame, String clientMessageId) {
        JsonElement query = present(frame, "query");
        if (query != null && ProtocolCodec.stringOrNull(query) == null) {
            return invalid("list_threads: \"query\" must be a string", clientMessageId);
        }
        JsonElement cursor = present(frame, "cursor");
        if (cursor != null && ProtocolCodec.stringOrNull(cursor) == null) {
            return invalid("list_threads: \"cursor\" must be a string", clientMessageId);
        }
        JsonElement limitField = present(frame, "limit");
        Long limit = limitField == null ? null : ProtocolCodec.wholeNumber(limitField);
        if (limitField != null && (limit == null || limit > Integer.MAX_VALUE)) {
            return invalid("list_threads: \"limit\" must be a whole number from 1 to 100", clientMessageId);
        }
        JsonElement watch = present(frame, "watch");
        if (watch != null && !(watch instanceof JsonPrimitive p && p.isBoolean())) {
            return invalid("list_threads: \"watch\" must be true or false", clientMessageId);
        }
        return new Decoded.Ok<>(new ClientFrame.ListThreads(
                query == null ? null : query.getAsString(),
                cursor == null ? null : cursor.getAsString(),
                limit == null ? null : limit.intValue(),
                watch == null ? null : watch.getAsBoolean()));
    }

    private static JsonElement present(JsonObject frame, String name) {
        JsonElement e = frame.get(name);
        return e == null || e.isJsonNull() ? null : e;
    }

    private static Decoded<ClientFrame> invalid(String message, String clientMessageId) {
        return new Decoded.Invalid<>(ErrorCodes.INVALID_MESSAGE, message, clientMessageId);
    }
}
