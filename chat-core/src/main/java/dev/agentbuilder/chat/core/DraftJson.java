package dev.agentbuilder.chat.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentbuilder.chat.core.AgentDraft;
import dev.agentbuilder.chat.core.Capability;
import dev.agentbuilder.chat.core.ChatException;
import java.util.ArrayList;
import java.util.List;

/** The agent draft's JSON form, the same as the wire protocol's {@code agent} object. */
public final class DraftJson {

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

    private DraftJson() {
    }

    public static JsonObject toTree(AgentDraft draft) {
        JsonObject o = new JsonObject();
        o.addProperty("name", draft.name());
        o.addProperty("description", draft.description());
        o.addProperty("instructions", draft.instructions());
        JsonArray starters = new JsonArray();
        draft.conversationStarters().forEach(starters::add);
        o.add("conversationStarters", starters);
        JsonArray capabilities = new JsonArray();
        draft.capabilities().forEach(c -> capabilities.add(c.id()));
        o.add("capabilities", capabilities);
        o.addProperty("version", draft.version());
        if (!draft.files().isEmpty()) {
            JsonArray files = new JsonArray();
            draft.files().forEach(f -> files.add(fileTree(f)));
            o.add("files", files);
        }
        return o;
    }

    /** A knowledge file as the protocol's {@code file} object. */
    public static JsonObject fileTree(AgentFile f) {
        JsonObject o = new JsonObject();
        o.addProperty("fileId", f.fileId());
        o.addProperty("name", f.name());
        o.addProperty("size", f.size());
        o.addProperty("type", f.type());
        o.addProperty("status", f.status().id());
        if (f.error() != null) {
            o.addProperty("error", f.error());
        }
        return o;
    }

    /** A file written by {@link #fileTree}. */
    public static AgentFile fileFromTree(JsonObject o) {
        JsonElement error = o.get("error");
        String status = o.get("status").getAsString();
        return new AgentFile(
                o.get("fileId").getAsString(),
                o.get("name").getAsString(),
                o.get("size").getAsLong(),
                o.get("type").getAsString(),
                FileStatus.fromId(status).orElseThrow(() -> new IllegalArgumentException("unknown status " + status)),
                error == null || error.isJsonNull() ? null : error.getAsString());
    }

    public static String toJson(AgentDraft draft) {
        return COMPACT.toJson(toTree(draft));
    }

    /**
     * How stores keep an {@code agent_updated} event: the draft's JSON with a {@code source} field when the change was
     * not the builder's (events stored before sources existed were all the builder's).
     */
    public static String toStoredJson(AgentDraft draft, DraftSource source) {
        JsonObject o = toTree(draft);
        if (source != DraftSource.BUILDER) {
            o.addProperty("source", source.id());
        }
        return COMPACT.toJson(o);
    }

    /** An {@code agent_updated} event stored by {@link #toStoredJson}, at {@code seq}. */
    public static ThreadEvent.AgentUpdated storedEvent(long seq, String storedJson) {
        JsonObject o = parse(storedJson);
        JsonElement source = o.get("source");
        try {
            return new ThreadEvent.AgentUpdated(seq, fromTree(o), source == null || source.isJsonNull()
                    ? DraftSource.BUILDER
                    : DraftSource.fromId(source.getAsString()).orElseThrow(
                            () -> new IllegalArgumentException("unknown source " + source)));
        } catch (RuntimeException e) {
            throw new ChatException("stored agent draft is not valid: " + e.getMessage(), e, false);
        }
    }

    public static String toPrettyJson(AgentDraft draft) {
        return PRETTY.toJson(toTree(draft));
    }

    /** Parses a draft written by {@link #toJson}; unknown capability ids are dropped. */
    public static AgentDraft fromJson(String json) {
        return fromTree(parse(json));
    }

    private static JsonObject parse(String json) {
        try {
            return JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new ChatException("stored agent draft is not valid JSON: " + e.getMessage(), e, false);
        }
    }

    private static AgentDraft fromTree(JsonObject o) {
        try {
            List<String> starters = new ArrayList<>();
            o.getAsJsonArray("conversationStarters").forEach(e -> starters.add(e.getAsString()));
            List<Capability> capabilities = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("capabilities")) {
                Capability.fromId(e.getAsString()).ifPresent(capabilities::add);
            }
            List<AgentFile> files = new ArrayList<>();
            if (o.has("files")) {
                o.getAsJsonArray("files").forEach(e -> files.add(fileFromTree(e.getAsJsonObject())));
            }
            return new AgentDraft(
                    o.get("name").getAsString(),
                    o.get("description").getAsString(),
                    o.get("instructions").getAsString(),
                    starters,
                    capabilities,
                    o.get("version").getAsLong(),
                    files);
        } catch (RuntimeException e) {
            throw new ChatException("stored agent draft is not valid JSON: " + e.getMessage(), e, false);
        }
    }
}
