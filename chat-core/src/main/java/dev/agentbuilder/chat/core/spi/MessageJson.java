package dev.agentbuilder.chat.core.spi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.Role;
import dev.agentbuilder.chat.core.ThreadMessage;
import dev.agentbuilder.chat.core.Usage;
import java.time.Instant;

/**
 * How a durable store writes a {@link ThreadMessage} as JSON, and reads it back: one format for every store, so a
 * thread can move between them. Stateless.
 */
public final class MessageJson {

    private MessageJson() {
    }

    public static String write(ThreadMessage m) {
        JsonObject o = new JsonObject();
        o.addProperty("id", m.id());
        o.addProperty("role", m.role().name());
        o.addProperty("content", m.content());
        o.addProperty("createdAt", m.createdAt().toString());
        o.addProperty("userId", m.userId());
        o.addProperty("clientMessageId", m.clientMessageId());
        o.addProperty("replyTo", m.replyTo());
        if (m.stopped()) {
            o.addProperty("stopped", true);
        }
        if (m.usage() != null) {
            o.addProperty("inputTokens", m.usage().inputTokens());
            o.addProperty("outputTokens", m.usage().outputTokens());
        }
        if (m.channel() != Channel.BUILDER) {
            o.addProperty("channel", m.channel().id());
        }
        if (!m.citations().isEmpty()) {
            o.add("citations", CitationJson.toTree(m.citations()));
        }
        return o.toString();
    }

    public static ThreadMessage read(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        Usage usage = o.has("inputTokens")
                ? new Usage(o.get("inputTokens").getAsInt(), o.get("outputTokens").getAsInt())
                : null;
        return new ThreadMessage(
                o.get("id").getAsString(),
                Role.valueOf(o.get("role").getAsString()),
                o.get("content").getAsString(),
                Instant.parse(o.get("createdAt").getAsString()),
                string(o.get("userId")),
                string(o.get("clientMessageId")),
                string(o.get("replyTo")),
                o.has("stopped") && o.get("stopped").getAsBoolean(),
                usage,
                channel(o.get("channel")),
                o.has("citations") ? CitationJson.fromTree(o.getAsJsonArray("citations")) : java.util.List.of());
    }

    /** Messages stored before channels existed were all the builder's. */
    private static Channel channel(JsonElement e) {
        String id = string(e);
        return id == null ? Channel.BUILDER : Channel.fromId(id).orElseThrow(
                () -> new IllegalArgumentException("unknown channel \"" + id + "\""));
    }

    private static String string(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
