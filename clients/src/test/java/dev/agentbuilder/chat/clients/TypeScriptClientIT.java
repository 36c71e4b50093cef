package dev.agentbuilder.chat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * @agent-chat/client (clients/typescript) as the build holds it to its promises: strict types, its unit tests, and the
 * scenarios every client of this project passes, run by Node.js against the packaged server; and what {@code npm
 * pack} puts in the tarball that frontend teams install.
 */
@Timeout(600)
class TypeScriptClientIT {

    private static final Path PACKAGE = Path.of(System.getProperty("typescript.dir", "typescript"));
    private static final Path SERVER_JAR = Path.of(System.getProperty("chat.server.jar",
            "../chat-server/target/chat-server.jar"));

    @BeforeAll
    static void install() {
        if (Npm.installed()) {
            Npm.installIfNeeded(PACKAGE);
        }
    }

    @BeforeEach
    void needsNode() {
        Npm.assumeInstalled();
    }

    @Test
    void theSourcesTypeCheckUnderStrictTypeScript() {
        Npm.run(PACKAGE, Map.of(), Duration.ofMinutes(2), "run", "typecheck");
    }

    @Test
    void theUnitTestsPass() {
        String output = Npm.run(PACKAGE, Map.of(), Duration.ofMinutes(2), "test");
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
    }

    @Test
    void theScenariosPassAgainstThePackagedServer() {
        assertThat(SERVER_JAR).as("the server's packaged jar, built before this module").isRegularFile();
        String output = Npm.run(PACKAGE, Map.of("CHAT_SERVER_JAR", SERVER_JAR.toAbsolutePath().toString()),
                Duration.ofMinutes(5), "run", "test:integration");
        assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
    }

    @Test
    void theTarballHoldsTheModulesAndTheirTypesAndNothingElse() {
        String output = Npm.run(PACKAGE, Map.of(), Duration.ofMinutes(2), "pack", "--dry-run", "--json");
        JsonArray files = JsonParser.parseString(output.substring(output.indexOf("[\n")))
                .getAsJsonArray().get(0).getAsJsonObject().getAsJsonArray("files");
        List<String> paths = files.asList().stream().map(JsonElement::getAsJsonObject)
                .map(f -> f.get("path").getAsString()).toList();
        assertThat(paths).contains("package.json", "README.md", "src/index.js", "src/react.js", "dist/index.d.ts",
                "dist/react.d.ts", "dist/protocol.d.ts");
        assertThat(paths).allMatch(p -> p.equals("package.json") || p.equals("README.md")
                || p.matches("src/[a-z-]+\\.js") || p.matches("dist/[a-z-]+\\.d\\.ts"), "only the modules and types");
        try (var sources = Files.list(PACKAGE.resolve("src"))) {
            assertThat(paths).as("every module of src").containsAll(sources.map(p -> "src/" + p.getFileName())
                    .filter(p -> p.endsWith(".js")).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
