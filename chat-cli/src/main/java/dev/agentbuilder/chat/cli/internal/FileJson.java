package dev.agentbuilder.chat.cli.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.agentbuilder.chat.protocol.WireFile;
import java.util.List;

/** Knowledge files as the HTTP API writes them: {@code {"files":[...]}}, {@code {"file":{...}}}. Stateless. */
final class FileJson {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private FileJson() {
    }

    static String files(List<WireFile> files) {
        JsonObject answer = new JsonObject();
        answer.add("files", GSON.toJsonTree(files));
        return GSON.toJson(answer);
    }

    static String file(WireFile file) {
        JsonObject answer = new JsonObject();
        answer.add("file", GSON.toJsonTree(file));
        return GSON.toJson(answer);
    }
}
