package dev.agentbuilder.chat.protocol;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The test kit of the wire contract: docs/asyncapi.yaml as validators of server and client frames, so that tests of
 * any module can hold what they send or receive to the schema. A frame is checked against the schema of its
 * {@code type}, found through the document's {@code ServerFrame} / {@code ClientFrame} unions, not a list kept here.
 * The schemas are AsyncAPI 3.0.0 Schema Objects: JSON Schema draft 7 and a few annotations. Immutable and
 * thread-safe once loaded.
 */
public final class ProtocolSchema {

    /** Overrides where docs/asyncapi.yaml is looked for (a path to the file). */
    public static final String PATH_PROPERTY = "agentchat.asyncapi";

    private static final String DOCUMENT_IRI = "https://agentbuilder.dev/agent-chat/asyncapi.yaml";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final JsonMapper JSON = JsonMapper.shared();
    private static volatile ProtocolSchema loaded;

    /**
     * AsyncAPI's Schema Object: JSON Schema draft 7 with a few keywords of its own and {@code x-} extensions, all of
     * them annotations (the validator would otherwise warn about each once).
     */
    private static final Dialect ASYNCAPI_SCHEMA = Dialect.builder(Dialects.getDraft7())
            .unknownKeywordFactory((keyword, context) ->
                    keyword.startsWith("x-") || keyword.equals("discriminator") || keyword.equals("externalDocs")
                            ? new AnnotationKeyword(keyword)
                            : UnknownKeywordFactory.getInstance().getKeyword(keyword, context))
            .build();

    private final JsonNode schemas;
    private final Map<String, Schema> serverFrames;
    private final Map<String, Schema> clientFrames;
    private final SchemaRegistry registry;

    private ProtocolSchema(Path document) throws IOException {
        String text = Files.readString(document);
        // Read once by Jackson's YAML mapper to find the frames, and once by the validator (which reads YAML itself
        // when the document's address ends in .yaml) to build them.
        schemas = YAMLMapper.shared().readTree(text).path("components").path("schemas");
        registry = SchemaRegistry.withDefaultDialect(ASYNCAPI_SCHEMA, b -> b.schemas(Map.of(DOCUMENT_IRI, text)));
        serverFrames = framesOf("ServerFrame");
        clientFrames = framesOf("ClientFrame");
    }

    /** The document of this checkout, loaded once per JVM. */
    public static ProtocolSchema load() {
        ProtocolSchema schema = loaded;
        if (schema == null) {
            synchronized (ProtocolSchema.class) {
                if (loaded == null) {
                    try {
                        loaded = new ProtocolSchema(documentPath());
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not read " + documentPath(), e);
                    }
                }
                schema = loaded;
            }
        }
        return schema;
    }

    /**
     * docs/asyncapi.yaml: the {@value #PATH_PROPERTY} system property, else the first directory from the working
     * directory upwards that holds it (tests run in a module's directory, the docs are at the root).
     */
    public static Path documentPath() {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("asyncapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docs/asyncapi.yaml in " + start + " or above it; set -D" + PATH_PROPERTY);
    }

    /** The directory holding docs/asyncapi.yaml, protocol.md and the corpus. */
    public static Path docsDirectory() {
        return documentPath().toAbsolutePath().getParent();
    }

    /** What is wrong with a frame the server wrote, judged by the schema of its type; empty when it is valid. */
    public List<String> validateServerFrame(String text) {
        return validateFrame(text, serverFrames, "server");
    }

    /** What is wrong with a frame a client sent, judged by the schema of its type; empty when it is valid. */
    public List<String> validateClientFrame(String text) {
        return validateFrame(text, clientFrames, "client");
    }

    /** What is wrong with a JSON value, judged by the named schema of components.schemas (e.g. "Agent"). */
    public List<String> validate(String schemaName, String json) {
        if (!schemas.has(schemaName)) {
            throw new IllegalArgumentException("components.schemas has no " + schemaName + "; it has "
                    + schemas.propertyNames());
        }
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (JacksonException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return violations(schema(schemaName), value);
    }

    /** The type of every server frame the schema declares. */
    public Set<String> serverFrameTypes() {
        return serverFrames.keySet();
    }

    /** The type of every client frame the schema declares. */
    public Set<String> clientFrameTypes() {
        return clientFrames.keySet();
    }

    /**
     * Every property the schema declares for server frames, as {@code type.property}, with the properties of the
     * objects they hold ({@code Agent}, {@code Message}, {@code Usage}) below them:
     * {@code message.message.usage.inputTokens}.
     */
    public Set<String> serverPropertyPaths() {
        Set<String> paths = new TreeSet<>();
        for (String type : serverFrames.keySet()) {
            collectDeclared(schemaOfType(type), type, paths);
        }
        return paths;
    }

    /**
     * Every required property of server frames, in the form of {@link #serverPropertyPaths()}, with the JSON type it
     * must have ("string", "integer", "boolean", "object" or "array"); {@code type} itself is left out.
     */
    public Map<String, String> requiredServerFields() {
        Map<String, String> fields = new TreeMap<>();
        for (String type : serverFrames.keySet()) {
            collectRequired(schemaOfType(type), type, fields);
        }
        return fields;
    }

    /**
     * Every property a frame (JSON text) holds, in the form of {@link #serverPropertyPaths()}; arrays are not
     * entered.
     */
    public static Set<String> propertyPaths(String frameJson) {
        JsonNode frame = JSON.readTree(frameJson);
        Set<String> paths = new TreeSet<>();
        collectWritten(frame, frame.path("type").asString(), paths);
        return paths;
    }

    private List<String> validateFrame(String text, Map<String, Schema> frames, String side) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (JacksonException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        if (!frame.isObject() || !frame.path("type").isString()) {
            return List.of("not a JSON object with a string \"type\"");
        }
        Schema schema = frames.get(frame.get("type").stringValue());
        if (schema == null) {
            return List.of("no " + side + " frame of type \"" + frame.get("type").stringValue() + "\"; the schema has "
                    + frames.keySet());
        }
        return violations(schema, frame);
    }

    private static List<String> violations(Schema schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        for (com.networknt.schema.Error error : schema.validate(value)) {
            String at = error.getInstanceLocation().toString();
            out.add((at.isEmpty() ? "$" : at) + ": " + error.getMessage());
        }
        return out;
    }

    /** The frames of a union, by the {@code const} of their {@code type}. */
    private Map<String, Schema> framesOf(String union) {
        Map<String, Schema> frames = new TreeMap<>();
        for (JsonNode ref : schemas.path(union).path("oneOf")) {
            String name = schemaName(ref);
            String type = schemas.path(name).path("properties").path("type").path("const").asString();
            if (type.isEmpty()) {
                throw new IllegalStateException(name + " in " + union + " has no type const");
            }
            frames.put(type, schema(name));
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("components.schemas." + union + " has no oneOf of frames");
        }
        return frames;
    }

    private Schema schema(String name) {
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + SCHEMAS + name));
    }

    private JsonNode schemaOfType(String type) {
        for (JsonNode ref : schemas.path("ServerFrame").path("oneOf")) {
            JsonNode frame = schemas.path(schemaName(ref));
            if (frame.path("properties").path("type").path("const").asString().equals(type)) {
                return frame;
            }
        }
        throw new IllegalArgumentException("no server frame " + type);
    }

    private void collectDeclared(JsonNode schema, String prefix, Set<String> paths) {
        JsonNode properties = schema.path("properties");
        for (String property : properties.propertyNames()) {
            String path = prefix + "." + property;
            paths.add(path);
            JsonNode declared = properties.get(property);
            if (declared.has("$ref")) {
                collectDeclared(schemas.path(schemaName(declared)), path, paths);
            }
        }
    }

    private void collectRequired(JsonNode schema, String prefix, Map<String, String> fields) {
        for (JsonNode required : schema.path("required")) {
            String property = required.asString();
            JsonNode declared = schema.path("properties").path(property);
            if (declared.has("const")) {
                continue;
            }
            JsonNode target = declared.has("$ref") ? schemas.path(schemaName(declared)) : declared;
            fields.put(prefix + "." + property, target.path("type").asString());
        }
        JsonNode properties = schema.path("properties");
        for (String property : properties.propertyNames()) {
            JsonNode declared = properties.get(property);
            if (declared.has("$ref") && schemas.path(schemaName(declared)).has("properties")) {
                collectRequired(schemas.path(schemaName(declared)), prefix + "." + property, fields);
            }
        }
    }

    private static void collectWritten(JsonNode object, String prefix, Set<String> paths) {
        for (String property : object.propertyNames()) {
            String path = prefix + "." + property;
            paths.add(path);
            if (object.get(property).isObject()) {
                collectWritten(object.get(property), path, paths);
            }
        }
    }

    private static String schemaName(JsonNode ref) {
        String target = ref.path("$ref").asString();
        if (!target.startsWith(SCHEMAS)) {
            throw new IllegalStateException("expected a $ref to " + SCHEMAS + "..., got " + ref);
        }
        return target.substring(SCHEMAS.length());
    }
}
