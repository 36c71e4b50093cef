package dev.agentbuilder.chat.server;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import dev.agentbuilder.chat.protocol.ProtocolSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * docs/openapi.json as a check of real answers: each response the tests receive is held to the document, by its
 * method, path, status and media type, its body validated against the schema the document gives for it (OpenAPI 3.1:
 * JSON Schema 2020-12). An answer on a path or method the document does not have must be a 404 or 405 in the
 * document's {@code Error} shape. Names the documented response an answer is ({@link #documentedResponse}), so a test
 * can ask which it never produced. Thread-safe once loaded.
 */
final class OpenApiContract {

    private static final String DOCUMENT_IRI = "https://agentbuilder.dev/agent-chat/openapi.json";
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static volatile OpenApiContract loaded;

    /** OpenAPI 3.1's dialect, its {@code x-} extensions taken as annotations (the validator warns about each else). */
    private static final Dialect OPENAPI = Dialect.builder(Dialects.getOpenApi31())
            .unknownKeywordFactory((keyword, context) -> keyword.startsWith("x-")
                    ? new AnnotationKeyword(keyword)
                    : UnknownKeywordFactory.getInstance().getKeyword(keyword, context))
            .build();

    private final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApiContract(String text) {
        document = JSON.readTree(text);
        registry = SchemaRegistry.withDefaultDialect(OPENAPI, b -> b.schemas(Map.of(DOCUMENT_IRI, text)));
    }

    static OpenApiContract load() {
        if (loaded == null) {
            synchronized (OpenApiContract.class) {
                if (loaded == null) {
                    try {
                        loaded = new OpenApiContract(Files.readString(path()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return loaded;
    }

    /** docs/openapi.json of this checkout. */
    static Path path() {
        return ProtocolSchema.docsDirectory().resolve("openapi.json");
    }

    JsonNode document() {
        return document;
    }

    /**
     * What is wrong with an answer, judged by the document; empty when it conforms.
     *
     * @param path        the request's path, without the query
     * @param contentType the answer's Content-Type, null without one
     */
    List<String> violations(String method, String path, int status, String contentType, String body) {
        String verb = method.toLowerCase(Locale.ROOT);
        String template = template(path);
        JsonNode operation = template == null ? null : document.path("paths").path(template).path(verb);
        if (operation == null || operation.isMissingNode()) {
            if (status != 404 && status != 405) {
                return List.of(method + " " + path + " is not in the document, yet was answered " + status);
            }
            return validate(componentSchema("Error"), "application/json", contentType, body);
        }
        JsonNode declared = operation.path("responses").path(Integer.toString(status));
        if (declared.isMissingNode()) {
            return List.of("the document has no " + status + " for " + method + " " + template);
        }
        String ref = declared.path("$ref").asString();
        JsonNode response = ref.isEmpty() ? declared : resolve(ref);
        JsonNode content = response.path("content");
        if (content.isMissingNode()) {
            return body.isEmpty() ? List.of() : List.of("the document says " + status + " has no body, but it had: "
                    + body);
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].strip();
        if (!content.has(mediaType)) {
            return List.of("the document gives " + status + " of " + method + " " + template + " the media types "
                    + content.propertyNames() + ", not " + contentType);
        }
        SchemaLocation schema = ref.isEmpty()
                ? SchemaLocation.of(DOCUMENT_IRI).append("paths").append(template).append(verb).append("responses")
                        .append(Integer.toString(status)).append("content").append(mediaType).append("schema")
                : SchemaLocation.of(DOCUMENT_IRI + ref).append("content").append(mediaType).append("schema");
        return validate(registry.getSchema(schema), mediaType, contentType, body);
    }

    /** Every documented response, as {@code "get /v1/threads/{threadId} 200"}. */
    Set<String> documentedResponses() {
        Set<String> all = new TreeSet<>();
        for (String template : document.path("paths").propertyNames()) {
            JsonNode item = document.path("paths").path(template);
            for (String verb : item.propertyNames()) {
                if (METHODS.contains(verb)) {
                    for (String status : item.path(verb).path("responses").propertyNames()) {
                        all.add(key(verb, template, Integer.parseInt(status)));
                    }
                }
            }
        }
        return all;
    }

    /** The documented response an answer is, in the form of {@link #documentedResponses()}; null when none. */
    String documentedResponse(String method, String path, int status) {
        String template = template(path);
        String verb = method.toLowerCase(Locale.ROOT);
        if (template == null || document.path("paths").path(template).path(verb).path("responses")
                .path(Integer.toString(status)).isMissingNode()) {
            return null;
        }
        return key(verb, template, status);
    }

    private List<String> validate(Schema schema, String mediaType, String contentType, String body) {
        JsonNode value;
        if (mediaType.equals("application/json")) {
            if (contentType == null || !contentType.startsWith("application/json")) {
                return List.of("expected application/json, got " + contentType);
            }
            try {
                value = JSON.readTree(body);
            } catch (JacksonException e) {
                return List.of("not JSON: " + e.getOriginalMessage() + ": " + body);
            }
        } else {
            value = StringNode.valueOf(body);
        }
        List<String> out = new ArrayList<>();
        for (com.networknt.schema.Error error : schema.validate(value)) {
            String at = error.getInstanceLocation().toString();
            out.add((at.isEmpty() ? "$" : at) + ": " + error.getMessage());
        }
        return out;
    }

    private Schema componentSchema(String name) {
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#/components/schemas/" + name));
    }

    /** The node a local {@code $ref} ({@code #/components/...}) points at. */
    private JsonNode resolve(String ref) {
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part.replace("~1", "/").replace("~0", "~"));
        }
        return target;
    }

    /** The document's path template that matches a real path, or null. */
    private String template(String path) {
        for (String template : document.path("paths").propertyNames()) {
            String regex = template.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+");
            if (path.matches(regex)) {
                return template;
            }
        }
        return null;
    }

    private static String key(String verb, String template, int status) {
        return verb + " " + template + " " + status;
    }
}
