package dev.agentbuilder.chat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines of the store SPI, checked on every build against the compiled main classes of every store: what only a
 * store shared by nodes needs stays behind its own interface, and a turn's writes go only through the lease's writer.
 */
class StoreLinesTest {

    private static final String CLUSTER_STORE = "dev.agentbuilder.chat.core.spi.ClusterStore";
    private static final String TURN_WRITER = "dev.agentbuilder.chat.core.spi.TurnWriter";

    private static JavaClasses stores;

    @BeforeAll
    static void importTheStores() {
        Path root = Path.of(System.getProperty("chat.root", ".."));
        List<Path> dirs = List.of("chat-core", "chat-jdbc", "chat-sqlite", "chat-postgres", "chat-redis",
                        "chat-server").stream()
                .map(module -> root.resolve(module).resolve("target/classes")).toList();
        dirs.forEach(dir -> assertThat(dir).as("build the whole reactor first (mvn verify)").isDirectory());
        stores = new ClassFileImporter().importPaths(dirs);
        assertThat(stores.contain(CLUSTER_STORE)).isTrue();
    }

    @Test
    void onlyAStoreSharedByNodesImplementsTheClusterInterface() {
        classes().that().implement(CLUSTER_STORE)
                .should().resideInAPackage("dev.agentbuilder.chat.postgres.internal..")
                .because("a store of one process has no lease to share: its ThreadStore.cluster() is empty")
                .check(stores);
    }

    @Test
    void aTurnsWritesAreMadeOnlyByTheEngineThroughTheLeasesWriter() {
        noClasses().that().resideOutsideOfPackages("dev.agentbuilder.chat.core.internal..",
                        "dev.agentbuilder.chat.core.spi..", "dev.agentbuilder.chat.jdbc..",
                        "dev.agentbuilder.chat.sqlite.internal..",
                        "dev.agentbuilder.chat.postgres.internal..", "dev.agentbuilder.chat.server.internal..")
                .should().dependOnClassesThat().haveFullyQualifiedName(TURN_WRITER)
                .because("a turn's outcome is stored by the engine, under the turn's lease, and by no one else; "
                        + "stores implement the writer, decorators wrap it")
                .check(stores);
    }
}
