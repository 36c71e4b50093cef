package dev.agentbuilder.chat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The React page the docs show is the one the build type-checks (examples/react-thread/src/Minimal.tsx), word for
 * word: a reader who copies it gets code that compiles against the package.
 */
class DocumentedPageTest {

    private static final Path ROOT = Path.of(System.getProperty("typescript.dir", "typescript")).resolve("../..");
    private static final Pattern TSX_BLOCK = Pattern.compile("(?s)```tsx\\n(.*?)```");

    @ParameterizedTest
    @ValueSource(strings = {"docs/clients.md", "clients/typescript/README.md"})
    void theReactPageInTheDocsIsTheTypeCheckedOne(String doc) throws IOException {
        String page = Files.readString(ROOT.resolve("examples/react-thread/src/Minimal.tsx"));
        List<String> blocks = new ArrayList<>();
        Matcher block = TSX_BLOCK.matcher(Files.readString(ROOT.resolve(doc)));
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertThat(blocks).as("the tsx blocks of %s", doc).containsExactly(page);
        assertThat(page.lines().count()).as("a page in under 30 lines").isLessThan(30);
    }
}
