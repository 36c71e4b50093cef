package dev.agentbuilder.chat.server.internal.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.agentbuilder.chat.core.AgentExport;
import io.javalin.http.Context;
import java.util.List;

/**
 * What a request asks for, read from its query and body, with a message for people when it is wrong (a 400). The
 * ranges are the API's own; the engine checks its arguments again. Stateless.
 */
final class Params {

    private Params() {
    }

    /** A whole number from 1 to {@code max} in the query, {@code fallback} when absent. */
    static int limit(Context ctx, int fallback, int max) {
        String value = optional(ctx, "limit");
        if (value == null) {
            return fallback;
        }
        long limit = wholeNumber(value, "limit", max);
        if (limit < 1) {
            throw outOfRange("limit", value, "a whole number from 1 to " + max);
        }
        return (int) limit;
    }

    /** The seq after which events are read: a whole number from 0, 0 when absent. */
    static long after(Context ctx) {
        String value = optional(ctx, "after");
        return value == null ? 0 : wholeNumber(value, "after", Long.MAX_VALUE);
    }

    /** The export format: json (when absent), openai or markdown. */
    static AgentExport.Format format(Context ctx) {
        String value = optional(ctx, "format");
        if (value == null) {
            return AgentExport.Format.JSON;
        }
        return AgentExport.Format.fromId(value).orElseThrow(() -> ApiError.invalidRequest(
                "format must be one of json, openai, markdown: \"" + abbreviate(value) + "\""));
    }

    /** A query parameter; absent when missing or empty. */
    static String optional(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw ApiError.invalidRequest("The query names " + name + " more than once.");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    /**
     * The {@code title} of a rename's body: {@code {"title": "..."}} and nothing else. Whether the title itself is
     * acceptable is the engine's rule (ThreadTitles), checked there.
     */
    static String title(Context ctx) {
        JsonObject body = Json.object(ctx.bodyAsBytes());
        for (String field : body.keySet()) {
            if (!field.equals("title")) {
                throw ApiError.invalidRequest("The body has an unknown field \"" + abbreviate(field)
                        + "\"; it takes only \"title\".");
            }
        }
        JsonElement title = body.get("title");
        if (title == null || title.isJsonNull()) {
            throw ApiError.invalidRequest("The body needs a string field \"title\".");
        }
        if (!(title instanceof JsonPrimitive p) || !p.isString()) {
            throw ApiError.invalidRequest("title must be a string.");
        }
        return p.getAsString();
    }

    private static long wholeNumber(String value, String name, long max) {
        if (!value.matches("[0-9]{1,19}")) {
            throw outOfRange(name, value, max == Long.MAX_VALUE ? "a whole number from 0" : "a whole number from 1 to "
                    + max);
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        if (n > max) {
            throw outOfRange(name, value, "a whole number from 1 to " + max);
        }
        return n;
    }

    private static ApiError outOfRange(String name, String value, String expected) {
        return ApiError.invalidRequest(name + " must be " + expected + ": \"" + abbreviate(value) + "\"");
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
