package dev.agentbuilder.chat.client.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.client.ApiRequestException;
import dev.agentbuilder.chat.protocol.WireFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the HTTP API's answers about knowledge files: {@code {"file":{...}}}, {@code {"files":[...]}}, and the one
 * error shape, {@code {"error":{"code","message"}}}. An answer that is not what the API gives becomes an
 * {@link ApiRequestException} with {@link ApiRequestException#UNEXPECTED_RESPONSE}. Stateless.
 */
public final class ApiAnswers {

    /** How much of an answer that is not the API's goes into a message. */
    private static final int SHOWN = 200;

    private ApiAnswers() {
    }

    /** The error an answer with a status of 400 or more stands for. */
    public static ApiRequestException error(int status, String body) {
        try {
            JsonObject error = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            String code = error.get("code").getAsString();
            JsonElement message = error.get("message");
            return new ApiRequestException(status, code,
                    message == null || message.isJsonNull() ? code : message.getAsString());
        } catch (RuntimeException e) {
            return unexpected(status, body);
        }
    }

    /** The {@code file} of an upload's answer. */
    public static WireFile file(int status, String body) {
        try {
            return file(JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("file"));
        } catch (RuntimeException e) {
            throw unexpected(status, body);
        }
    }

    /** The {@code files} of a list's answer. */
    public static List<WireFile> files(int status, String body) {
        try {
            JsonArray array = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("files");
            List<WireFile> files = new ArrayList<>();
            for (JsonElement element : array) {
                files.add(file(element.getAsJsonObject()));
            }
            return List.copyOf(files);
        } catch (RuntimeException e) {
            throw unexpected(status, body);
        }
    }

    private static WireFile file(JsonObject o) {
        return new WireFile(string(o, "fileId", true), string(o, "name", true), o.get("size").getAsLong(),
                string(o, "type", false), string(o, "status", true), string(o, "error", false));
    }

    private static String string(JsonObject o, String field, boolean required) {
        JsonElement value = o.get(field);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new JsonParseException("no " + field);
            }
            return null;
        }
        return value.getAsString();
    }

    private static ApiRequestException unexpected(int status, String body) {
        String shown = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (shown.length() > SHOWN) {
            shown = shown.substring(0, SHOWN) + "…";
        }
        return new ApiRequestException(status, ApiRequestException.UNEXPECTED_RESPONSE, "HTTP " + status
                + (shown.isEmpty() ? ", with no body" : ": " + shown) + " (not an answer of the chat server's API)");
    }
}
