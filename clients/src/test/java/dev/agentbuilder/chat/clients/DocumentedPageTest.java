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
 * The React pages the docs show are the ones the build type-checks (examples/react-thread/src/Minimal.tsx, a thread,
 * and MinimalThreadList.tsx, the user's threads), word for word and in that order: a reader who copies one gets code
 * that compiles against the package.
 */
class DocumentedPageTest {

    private static final Path ROOT = Path.of(System.getProperty("typescript.dir", "typescript")).resolve("../..");
    private static final Pattern TSX_BLOCK = Pattern.compile("(?s)```tsx\\n(.*?)```");
    private static final List<String> PAGES = List.of("Minimal.tsx", "MinimalThreadList.tsx");

    @ParameterizedTest
    @ValueSource(strings = {"docs/clients.md", "clients/typescript/README.md"})
    void theReactPagesInTheDocsAreTheTypeCheckedOnes(String doc) throws IOException {
        List<String> pages = new ArrayList<>();
        for (String page : PAGES) {
            pages.add(Files.readString(ROOT.resolve("examples/react-thread/src").resolve(page)));
        }
        List<String> blocks = new ArrayList<>();
        Matcher block = TSX_BLOCK.matcher(Files.readString(ROOT.resolve(doc)));
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertThat(blocks).as("the tsx blocks of %s", doc).containsExactlyElementsOf(pages);
        for (String page : pages) {
            assertThat(page.lines().count()).as("a page in under 30 lines").isLessThan(30);
        }
    }
}
