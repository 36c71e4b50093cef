package dev.agentbuilder.chat.core.spi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.Channel;
import dev.agentbuilder.chat.core.DraftJson;
import dev.agentbuilder.chat.core.DraftSource;
import dev.agentbuilder.chat.core.ErrorCode;
import dev.agentbuilder.chat.core.ThreadEvent;
import dev.agentbuilder.chat.core.ThreadEvent.AgentUpdated;
import dev.agentbuilder.chat.core.ThreadEvent.AssistantDelta;
import dev.agentbuilder.chat.core.ThreadEvent.FileStatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.MessageAdded;
import dev.agentbuilder.chat.core.ThreadEvent.StatusChanged;
import dev.agentbuilder.chat.core.ThreadEvent.TurnFailed;
import java.util.List;
import dev.agentbuilder.chat.core.TurnState;
import java.util.Objects;

/**
 * Every {@link ThreadEvent} as one JSON object, for a bus that carries events between nodes: a {@code type} and the
 * event's fields, with messages as {@link MessageJson} writes them and drafts as {@link DraftJson} does; a draft's
 * {@code source} and a delta's {@code channel} only when they are not the builder's, and a delta's {@code fence} only
 * when it streamed under a shared lease. Stateless; safe on any thread.
 *
 * <pre>{@code
 * {"type":"message_added","seq":3,"message":{...}}
 * {"type":"agent_updated","seq":4,"agent":{...},"source":"user"}
 * {"type":"status","state":"THINKING"}
 * {"type":"assistant_delta","messageId":"m-2","delta":"Hel","channel":"preview","fence":7}
 * {"type":"file_status","file":{...}}
 * {"type":"turn_failed","replyTo":"m-1","clientMessageId":"c-1","code":"AGENT_ERROR","message":"..."}
 * }</pre>
 */
public final class ThreadEventJson {

    private ThreadEventJson() {
    }

    /** The event as one JSON object, on one line. */
    public static String write(ThreadEvent event) {
        Objects.requireNonNull(event, "event");
        JsonObject o = new JsonObject();
        // Java 17 has no pattern switch; the last branch's cast fails if a new kind of event is added.
        if (event instanceof MessageAdded e) {
            o.addProperty("type", "message_added");
            o.addProperty("seq", e.seq());
            o.add("message", JsonParser.parseString(MessageJson.write(e.message())));
        } else if (event instanceof AgentUpdated e) {
            o.addProperty("type", "agent_updated");
            o.addProperty("seq", e.seq());
            o.add("agent", DraftJson.toTree(e.agent()));
            if (e.source() != DraftSource.BUILDER) {
                o.addProperty("source", e.source().id());
            }
        } else if (event instanceof StatusChanged e) {
            o.addProperty("type", "status");
            o.addProperty("state", e.state().name());
        } else if (event instanceof AssistantDelta e) {
            o.addProperty("type", "assistant_delta");
            o.addProperty("messageId", e.messageId());
            o.addProperty("delta", e.delta());
            if (e.channel() != Channel.BUILDER) {
                o.addProperty("channel", e.channel().id());
            }
            if (e.fence() != 0) {
                o.addProperty("fence", e.fence());
            }
            if (!e.citations().isEmpty()) {
                o.add("citations", CitationJson.toTree(e.citations()));
            }
        } else if (event instanceof FileStatusChanged e) {
            o.addProperty("type", "file_status");
            o.add("file", DraftJson.fileTree(e.file()));
        } else {
            TurnFailed e = (TurnFailed) event;
            o.addProperty("type", "turn_failed");
            o.addProperty("replyTo", e.replyTo());
            o.addProperty("clientMessageId", e.clientMessageId());
            o.addProperty("code", e.code().name());
            o.addProperty("message", e.message());
        }
        return o.toString();
    }

    /**
     * Reads an event written by {@link #write}.
     *
     * @throws IllegalArgumentException when {@code json} is not such an event (garbled, truncated, of an unknown
     *                                  type or with a field missing or invalid); never any other exception
     */
    public static ThreadEvent read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("not a thread event: null");
        }
        String type = "?";
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            type = o.get("type").getAsString();
            return switch (type) {
                case "message_added" -> new MessageAdded(o.get("seq").getAsLong(),
                        MessageJson.read(o.getAsJsonObject("message").toString()));
                case "agent_updated" -> new AgentUpdated(o.get("seq").getAsLong(),
                        DraftJson.fromJson(o.getAsJsonObject("agent").toString()), source(o.get("source")));
                case "status" -> new StatusChanged(TurnState.valueOf(o.get("state").getAsString()));
                case "assistant_delta" -> new AssistantDelta(o.get("messageId").getAsString(),
                        o.get("delta").getAsString(), channel(o.get("channel")), fence(o.get("fence")),
                        o.has("citations") ? CitationJson.fromTree(o.getAsJsonArray("citations")) : List.of());
                case "file_status" -> new FileStatusChanged(DraftJson.fileFromTree(o.getAsJsonObject("file")));
                case "turn_failed" -> new TurnFailed(string(o.get("replyTo")), string(o.get("clientMessageId")),
                        ErrorCode.valueOf(o.get("code").getAsString()), o.get("message").getAsString());
                default -> throw new IllegalArgumentException("unknown type \"" + type + "\"");
            };
        } catch (RuntimeException | StackOverflowError e) {
            // Gson, the records and the enums fail in many ways (JsonParseException, IllegalStateException,
            // NullPointerException for a missing field, ChatException from DraftJson): callers see one.
            throw new IllegalArgumentException("not a thread event (type " + type + ", " + json.length()
                    + " chars): " + oneLine(e), e);
        }
    }

    /** A node that predates fences on deltas sends none: its deltas pass, as they always did. */
    private static long fence(JsonElement e) {
        return e == null ? 0 : e.getAsLong();
    }

    /** A node that predates sources sends none: its changes were all the builder's. */
    private static DraftSource source(JsonElement e) {
        String id = string(e);
        return id == null ? DraftSource.BUILDER : DraftSource.fromId(id).orElseThrow(
                () -> new IllegalArgumentException("unknown source \"" + id + "\""));
    }

    private static Channel channel(JsonElement e) {
        String id = string(e);
        return id == null ? Channel.BUILDER : Channel.fromId(id).orElseThrow(
                () -> new IllegalArgumentException("unknown channel \"" + id + "\""));
    }

    private static String string(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
