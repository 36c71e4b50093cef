package dev.agentbuilder.chat.core.spi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.core.Citation;
import java.util.ArrayList;
import java.util.List;

/** Citations as JSON, the protocol's {@code citation} objects: one form for stores, buses and the wire. Stateless. */
public final class CitationJson {

    private CitationJson() {
    }

    public static JsonArray toTree(List<Citation> citations) {
        JsonArray array = new JsonArray();
        for (Citation c : citations) {
            JsonObject o = new JsonObject();
            o.addProperty("fileId", c.fileId());
            o.addProperty("fileName", c.fileName());
            o.addProperty("text", c.text());
            o.addProperty("passage", c.passage());
            o.addProperty("start", c.start());
            o.addProperty("end", c.end());
            o.addProperty("score", Math.round(c.score() * 1000) / 1000.0);
            array.add(o);
        }
        return array;
    }

    public static List<Citation> fromTree(JsonArray array) {
        List<Citation> out = new ArrayList<>();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            out.add(new Citation(o.get("fileId").getAsString(), o.get("fileName").getAsString(),
                    o.get("text").getAsString(), o.get("passage").getAsInt(), o.get("start").getAsInt(),
                    o.get("end").getAsInt(), o.get("score").getAsDouble()));
        }
        return out;
    }
}
