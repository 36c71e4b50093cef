package dev.agentbuilder.chat.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A golden corpus of docs/corpus (format: the spec of the contract), read with Gson as the codec reads frames. */
record Corpus(List<Valid> valid, List<Invalid> invalid) {

    static final String SERVER_FRAMES = "server-frames.json";
    static final String CLIENT_FRAMES = "client-frames.json";

    /** A frame that must decode; {@link #expected()} is what it decodes to, re-encoded. */
    record Valid(String name, JsonObject frame, JsonObject decoded, boolean legacy) {
        JsonObject expected() {
            return decoded == null ? frame : decoded;
        }
    }

    /** Text, or a frame written as text, that must be refused with {@code error}. */
    record Invalid(String name, String text, JsonObject frame, String error) {
    }

    static Corpus read(String fileName) {
        Path file = ProtocolSchema.docsDirectory().resolve("corpus").resolve(fileName);
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        List<Valid> valid = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("valid")) {
            JsonObject entry = e.getAsJsonObject();
            valid.add(new Valid(name(entry), entry.getAsJsonObject("frame"),
                    entry.has("decoded") ? entry.getAsJsonObject("decoded") : null,
                    entry.has("legacy") && entry.get("legacy").getAsBoolean()));
        }
        List<Invalid> invalid = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("invalid")) {
            JsonObject entry = e.getAsJsonObject();
            JsonObject frame = entry.has("frame") ? entry.getAsJsonObject("frame") : null;
            if (frame == null && !entry.has("text")) {
                throw new IllegalArgumentException(file + ": \"" + name(entry) + "\" has neither text nor frame");
            }
            // Gson writes numbers as they were read (1.0 stays 1.0), so a frame's text is what the file says.
            String text = frame == null ? entry.get("text").getAsString() : frame.toString();
            invalid.add(new Invalid(name(entry), text, frame, entry.get("error").getAsString()));
        }
        return new Corpus(List.copyOf(valid), List.copyOf(invalid));
    }

    /** The invalid entries {@code decode} does not refuse with the corpus's code, one line each. */
    List<String> invalidDecodedOtherwise(Function<String, Decoded<?>> decode) {
        List<String> problems = new ArrayList<>();
        for (Invalid entry : invalid) {
            Decoded<?> decoded = decode.apply(entry.text());
            if (!(decoded instanceof Decoded.Invalid<?> refused) || !refused.code().equals(entry.error())) {
                problems.add(entry.name() + ": " + decoded + ", expected " + entry.error());
            }
        }
        return problems;
    }

    /**
     * The valid entries whose legacy mark the schema ({@code validate}, giving the violations) disagrees with: a
     * frame this version could write must validate, and one marked legacy must not.
     */
    List<String> schemaDisagreements(Function<String, List<String>> validate) {
        List<String> problems = new ArrayList<>();
        for (Valid entry : valid) {
            List<String> violations = validate.apply(entry.frame().toString());
            if (!entry.legacy() && !violations.isEmpty()) {
                problems.add(entry.name() + ": " + violations);
            }
            if (entry.legacy() && violations.isEmpty()) {
                problems.add(entry.name() + " is marked legacy, yet the schema takes it: drop the mark");
            }
        }
        return problems;
    }

    private static String name(JsonObject entry) {
        return entry.get("name").getAsString();
    }
}
