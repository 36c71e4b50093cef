package dev.agentbuilder.chat.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Optional;

/**
 * The agent draft as a document to take elsewhere: the one implementation behind the protocol's
 * {@code export_agent}, used by the web chat, chat-cli and Java apps alike. Stateless.
 */
public final class AgentExport {

    /** The model an {@link Format#OPENAI} export names; the user changes it to taste. */
    public static final String OPENAI_MODEL = "gpt-4.1";

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** The formats, by their wire names. */
    public enum Format {
        /** The protocol's {@code agent} object, pretty-printed. */
        JSON("json"),
        /** A request body for OpenAI's Responses API. */
        OPENAI("openai"),
        /** A readable document. */
        MARKDOWN("markdown");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Format> fromId(String id) {
            return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
        }
    }

    private AgentExport() {
    }

    public static String render(AgentDraft draft, Format format) {
        return render(draft, format, null);
    }

    /**
     * The draft in {@code format}; with the thread's id, the JSON export says where each knowledge file's bytes are
     * ({@code contentPath}, a path of the HTTP API).
     */
    public static String render(AgentDraft draft, Format format, String threadId) {
        return switch (format) {
            case JSON -> json(draft, threadId);
            case OPENAI -> openAi(draft);
            case MARKDOWN -> markdown(draft);
        };
    }

    private static String json(AgentDraft draft, String threadId) {
        JsonObject tree = DraftJson.toTree(draft);
        if (tree.has("files")) {
            for (var file : tree.getAsJsonArray("files")) {
                JsonObject f = file.getAsJsonObject();
                // The agent's definition, not how far its indexing has got here: the same export on every node.
                f.remove("status");
                f.remove("error");
                if (threadId != null) {
                    f.addProperty("contentPath", "/v1/threads/" + threadId + "/files/"
                            + f.get("fileId").getAsString() + "/content");
                }
            }
        }
        return PRETTY.toJson(tree);
    }

    /**
     * A Responses API request body: the model, the instructions, a tool for each capability, and the name and
     * description as metadata (whose values the API allows up to 512 characters: a description's limit is 500).
     */
    private static String openAi(AgentDraft draft) {
        JsonObject body = new JsonObject();
        body.addProperty("model", OPENAI_MODEL);
        body.addProperty("instructions", draft.instructions());
        JsonArray tools = new JsonArray();
        for (Capability capability : draft.capabilities()) {
            tools.add(tool(capability));
        }
        body.add("tools", tools);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", draft.name());
        metadata.addProperty("description", draft.description());
        if (!draft.files().isEmpty()) {
            // The files go into the vector store named in the file_search tool; the API takes no file list here.
            String names = String.join(", ", draft.files().stream().map(AgentFile::name).toList());
            metadata.addProperty("knowledge_files", names.length() > 512 ? names.substring(0, 511) + "…" : names);
        }
        body.add("metadata", metadata);
        return PRETTY.toJson(body);
    }

    private static JsonObject tool(Capability capability) {
        JsonObject tool = new JsonObject();
        tool.addProperty("type", capability.id());
        switch (capability) {
            case CODE_INTERPRETER -> {
                JsonObject container = new JsonObject();
                container.addProperty("type", "auto");
                tool.add("container", container);
            }
            // The API needs the vector stores to search; the user fills them in.
            case FILE_SEARCH -> tool.add("vector_store_ids", new JsonArray());
            default -> {
            }
        }
        return tool;
    }

    private static String markdown(AgentDraft draft) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(draft.name().isBlank() ? "Untitled agent" : oneLine(draft.name())).append("\n\n");
        if (!draft.description().isBlank()) {
            md.append(draft.description()).append("\n\n");
        }
        md.append("## Instructions\n\n");
        if (draft.instructions().isBlank()) {
            md.append("_None yet._\n\n");
        } else {
            // Fenced, so the instructions' own Markdown (lists, headings) reads as the agent will get it; the fence is
            // longer than any run of backticks in them, so nothing in them ends it.
            String fence = "`".repeat(Math.max(3, longestRun(draft.instructions(), '`') + 1));
            md.append(fence).append("text\n").append(draft.instructions()).append('\n').append(fence).append("\n\n");
        }
        md.append("## Conversation starters\n\n");
        if (draft.conversationStarters().isEmpty()) {
            md.append("_None yet._\n\n");
        }
        for (String starter : draft.conversationStarters()) {
            md.append("- ").append(oneLine(starter)).append('\n');
        }
        if (!draft.conversationStarters().isEmpty()) {
            md.append('\n');
        }
        md.append("## Capabilities\n\n");
        if (draft.capabilities().isEmpty()) {
            md.append("_None._\n");
        }
        for (Capability capability : draft.capabilities()) {
            md.append("- ").append(capability.id()).append('\n');
        }
        if (!draft.files().isEmpty()) {
            md.append("\n## Knowledge\n\n");
            for (AgentFile file : draft.files()) {
                md.append("- ").append(oneLine(file.name())).append(" (").append(file.type()).append(", ")
                        .append(file.size()).append(" bytes)\n");
            }
        }
        md.append("\n_Version ").append(draft.version()).append("._\n");
        return md.toString();
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
