package dev.agentbuilder.chat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.agentbuilder.chat.architecture.fixture.ReachesIntoTheClient;
import dev.agentbuilder.chat.architecture.fixture.ReachesIntoTheCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on every build: each module's public API is its top-level packages (for chat-core,
 * {@code core} and its SPI {@code core.spi}); everything under {@code internal} is its own. The checks read the
 * compiled classes of every module, main and test, from their {@code target} directories.
 *
 * <p>Why ArchUnit and not a JPMS {@code module-info} per module: everything here runs on the class path (the shaded
 * jars drop {@code module-info}, and the tests run from the class path), langchain4j ships no module names, and the
 * test kits shared through chat-core's test jar live in its API package, which the module system would split. These
 * rules hold for main and test code alike, and name the offending class and dependency when they fail.
 */
class ModuleBoundariesTest {

    /** Each module's directory and root package, in build order. */
    private record Module(String directory, String root) {
    }

    private static final List<Module> MODULES = List.of(
            new Module("chat-common", "dev.agentbuilder.chat.common"),
            new Module("chat-protocol", "dev.agentbuilder.chat.protocol"),
            new Module("chat-client", "dev.agentbuilder.chat.client"),
            new Module("chat-core", "dev.agentbuilder.chat.core"),
            new Module("chat-jdbc", "dev.agentbuilder.chat.jdbc"),
            new Module("chat-sqlite", "dev.agentbuilder.chat.sqlite"),
            new Module("chat-postgres", "dev.agentbuilder.chat.postgres"),
            new Module("chat-redis", "dev.agentbuilder.chat.redis"),
            new Module("chat-offline", "dev.agentbuilder.chat.offline"),
            new Module("chat-knowledge", "dev.agentbuilder.chat.knowledge"),
            new Module("chat-server", "dev.agentbuilder.chat.server"),
            new Module("chat-cli", "dev.agentbuilder.chat.cli"),
            new Module("examples", "dev.agentbuilder.chat.examples"));

    private static JavaClasses main;
    private static JavaClasses all;

    /** Apps, chat-cli included, use {@code ChatClient}; its implementation may change under them. */
    private final ArchRule nothingOutsideChatClientUsesItsInternals = noClasses()
            .that().resideOutsideOfPackage("dev.agentbuilder.chat.client..")
            .should().dependOnClassesThat().resideInAPackage("dev.agentbuilder.chat.client.internal..");

    @BeforeAll
    static void importEveryModule() {
        Path root = Path.of(System.getProperty("chat.root", ".."));
        List<Path> dirs = new ArrayList<>();
        for (Module module : MODULES) {
            Path classes = root.resolve(module.directory()).resolve("target/classes");
            Path testClasses = root.resolve(module.directory()).resolve("target/test-classes");
            assertThat(classes).as("build the whole reactor first (mvn verify)").isDirectory();
            dirs.add(classes);
            if (Files.isDirectory(testClasses)) {
                dirs.add(testClasses);
            }
        }
        all = new ClassFileImporter().importPaths(dirs);
        main = all.that(DescribedPredicate.describe("main classes", ModuleBoundariesTest::isMainClass));
        assertThat(main.contain("dev.agentbuilder.chat.core.ChatEngine")).isTrue();
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        classes().should(useNoOtherModulesInternals()).check(all);
    }

    @Test
    void theBoundaryRuleNamesAClassThatReachesIntoAnotherModulesInternals() {
        JavaClasses violating = new ClassFileImporter().importClasses(ReachesIntoTheCore.class);

        assertThatThrownBy(() -> classes().should(useNoOtherModulesInternals()).check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReachesIntoTheCore.class.getName())
                .hasMessageContaining("dev.agentbuilder.chat.core.internal.InMemoryThreadStore");
    }

    @Test
    void theSpiConstructsNoImplementation() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.core.spi..")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .check(main);
    }

    @Test
    void onlyTheEntryPointsOfTheCoreApiReachItsImplementation() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.core")
                .and().doNotHaveSimpleName("ChatEngine")
                .and().doNotHaveFullyQualifiedName("dev.agentbuilder.chat.core.ChatEngine$Builder")
                .and().doNotHaveSimpleName("ThreadStores")
                .and().doNotHaveSimpleName("ThreadBuses")
                .should().dependOnClassesThat().resideInAPackage("dev.agentbuilder.chat.core.internal..")
                .because("the engine's values and SPI types must not pull in its implementation; ChatEngine and "
                        + "the factories are the only ways in")
                .check(main);
    }

    @Test
    void theCoreKnowsNothingOfTheProtocolTransportsTerminalsOrDatabases() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.agentbuilder.chat.protocol..", "org.java_websocket..", "picocli..", "java.sql..",
                        "org.sqlite..", "com.sun.net.httpserver..")
                .check(main);
    }

    @Test
    void onlyTheJdbcStoresBuildOnChatJdbc() {
        noClasses().that().resideOutsideOfPackages("dev.agentbuilder.chat.jdbc..",
                        "dev.agentbuilder.chat.sqlite.internal..", "dev.agentbuilder.chat.postgres.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.agentbuilder.chat.jdbc..")
                .because("chat-jdbc's API is public only for the dialects in other modules; everyone else opens a "
                        + "store with SqliteStore or PostgresStore")
                .check(all);
    }

    @Test
    void chatCliIsAClientAndKnowsNoEngineServerOrStore() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.agentbuilder.chat.core..", "dev.agentbuilder.chat.server..",
                        "dev.agentbuilder.chat.sqlite..", "dev.agentbuilder.chat.postgres..",
                        "dev.agentbuilder.chat.redis..", "dev.agentbuilder.chat.offline..", "dev.langchain4j..",
                        "org.sqlite..")
                .check(main);
    }

    @Test
    void chatCliConnectsOnlyThroughTheJavaClient() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.cli..")
                .should().dependOnClassesThat().haveNameMatching("java\\.net\\.http\\.WebSocket.*")
                .orShould().dependOnClassesThat().resideInAPackage("org.java_websocket..")
                .because("chat-cli keeps no WebSocket or reconnect code of its own: chat-client's ChatClient does it")
                .check(main);
    }

    @Test
    void chatClientDependsOnTheProtocolTheSharedRulesAndTheJdkOnly() {
        classes().that().resideInAPackage("dev.agentbuilder.chat.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.agentbuilder.chat.client..", "dev.agentbuilder.chat.protocol..",
                        "dev.agentbuilder.chat.common..", "com.google.gson..", "org.slf4j..", "java..")
                .because("a Java app that embeds the client gets chat-protocol, chat-common, Gson and the SLF4J API, "
                        + "and nothing else")
                .check(main);
    }

    @Test
    void theClientsApiMentionsNoTransport() {
        noClasses().that().resideInAPackage("dev.agentbuilder.chat.client")
                .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "org.java_websocket..")
                .because("the JDK's WebSocket is the client's implementation, not part of its API")
                .check(main);
    }

    @Test
    void nothingOutsideChatClientUsesItsInternals() {
        nothingOutsideChatClientUsesItsInternals.check(all);
    }

    @Test
    void theClientsRuleNamesAClassThatReachesIntoItsInternals() {
        JavaClasses violating = new ClassFileImporter().importClasses(ReachesIntoTheClient.class);

        assertThatThrownBy(() -> nothingOutsideChatClientUsesItsInternals.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReachesIntoTheClient.class.getName())
                .hasMessageContaining("dev.agentbuilder.chat.client.internal.Endpoint");
    }

    @Test
    void javaWebSocketTypesNeverAppearOutsideTheServersTransport() {
        noClasses().that().resideOutsideOfPackage("dev.agentbuilder.chat.server.internal.transport..")
                .should().dependOnClassesThat().resideInAPackage("org.java_websocket..")
                .because("a public signature that mentions the transport would tie every user to it")
                .check(main);
    }

    @Test
    void theProtocolAndTheSharedRulesDependOnNoOtherModule() {
        noClasses().that().resideInAnyPackage("dev.agentbuilder.chat.protocol..", "dev.agentbuilder.chat.common..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.agentbuilder.chat.core..", "dev.agentbuilder.chat.server..",
                        "dev.agentbuilder.chat.cli..", "dev.agentbuilder.chat.client..",
                        "dev.agentbuilder.chat.sqlite..",
                        "dev.agentbuilder.chat.offline..", "dev.agentbuilder.chat.knowledge..",
                        "dev.agentbuilder.chat.examples..")
                .check(main);
    }

    /**
     * A class may use a package named {@code internal} only within its own module: both must sit under the same
     * module root.
     */
    private static ArchCondition<JavaClass> useNoOtherModulesInternals() {
        return new ArchCondition<>("use no other module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<Module> own = moduleOf(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    Optional<Module> owner = moduleOf(target);
                    boolean internal = target.contains(".internal");
                    if (internal && owner.isPresent() && !owner.equals(own)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()
                                + " (" + owner.get().directory() + "'s internals)"));
                    }
                }
            }
        };
    }

    /** Compiled from a module's {@code src/main}: read from its {@code target/classes}. */
    private static boolean isMainClass(JavaClass javaClass) {
        return javaClass.getSource().map(source -> source.getUri().toString().contains("/target/classes/"))
                .orElse(false);
    }

    private static Optional<Module> moduleOf(String packageName) {
        return MODULES.stream()
                .filter(m -> packageName.equals(m.root()) || packageName.startsWith(m.root() + "."))
                .findFirst();
    }
}
