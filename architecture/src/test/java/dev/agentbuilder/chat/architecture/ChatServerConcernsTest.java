package dev.agentbuilder.chat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.agentbuilder.chat.architecture.fixture.ReachesAProviderDirectly;
import dev.agentbuilder.chat.architecture.fixture.UsesJavaWebSocket;
import dev.agentbuilder.chat.architecture.fixture.UsesJavalin;
import dev.agentbuilder.chat.architecture.fixture.UsesOpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lines between chat-server's concerns, its {@code internal} sub-packages, checked on its compiled classes, main
 * and test: Java-WebSocket only in the transport, Javalin and Jetty only in the HTTP API, OpenTelemetry only in
 * telemetry, the model providers only through their factory, and no other concern depending on the transport.
 */
class ChatServerConcernsTest {

    private static final String INTERNAL = "dev.agentbuilder.chat.server.internal";
    private static final String TRANSPORT = INTERNAL + ".transport..";
    private static final String MODEL = INTERNAL + ".model";
    private static final String API = INTERNAL + ".api..";
    private static final String TELEMETRY = INTERNAL + ".telemetry..";

    /** The model package's classes but its two ways in: ModelFactory and ModelSettings (with its Provider). */
    private static final DescribedPredicate<JavaClass> MODEL_INTERNALS = DescribedPredicate.describe(
            "are model classes other than ModelFactory and ModelSettings",
            javaClass -> (javaClass.getPackageName() + ".").startsWith(MODEL + ".")
                    && !javaClass.getName().matches(".*\\.model\\.(ModelFactory|ModelSettings)(\\$.*)?"));

    private static JavaClasses server;

    private final ArchRule javaWebSocketStaysInTheTransport = noClasses()
            .that().resideOutsideOfPackage(TRANSPORT)
            .should().dependOnClassesThat().resideInAPackage("org.java_websocket..")
            .because("the transport holds Java-WebSocket and every workaround for it, so that the library can be "
                    + "changed or upgraded in one package");

    private final ArchRule javalinStaysInTheApi = noClasses()
            .that().resideOutsideOfPackage(API)
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..")
            .because("the HTTP API holds Javalin and its Jetty, so that they can be changed or upgraded in one package, "
                    + "and no Jetty type reaches the rest of the server");

    private final ArchRule openTelemetryStaysInTelemetry = noClasses()
            .that().resideOutsideOfPackage(TELEMETRY)
            .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry.api..", "io.opentelemetry.context..",
                    "io.opentelemetry.sdk..", "io.opentelemetry.exporter..")
            .because("telemetry holds the OpenTelemetry SDK, which is loaded only when OTEL_* settings turn it on; a "
                    + "use elsewhere would load it for every server (the OTLP protobuf classes of the tests' receiver "
                    + "are not the SDK)");

    private final ArchRule providersOnlyThroughTheirFactory = noClasses()
            .that().resideOutsideOfPackage(MODEL + "..")
            .should().dependOnClassesThat(MODEL_INTERNALS)
            .orShould().dependOnClassesThat().resideInAnyPackage("dev.langchain4j.model.openai..",
                    "dev.langchain4j.model.anthropic..", "dev.langchain4j.http.client..")
            .because("a provider's model is built, with its HTTP client and timeouts, by ModelFactory from "
                    + "ModelSettings only");

    @BeforeAll
    static void importTheServer() {
        Path module = Path.of(System.getProperty("chat.root", "..")).resolve("chat-server");
        List<Path> dirs = new ArrayList<>();
        dirs.add(module.resolve("target/classes"));
        assertThat(dirs.get(0)).as("build chat-server first (mvn verify)").isDirectory();
        if (Files.isDirectory(module.resolve("target/test-classes"))) {
            dirs.add(module.resolve("target/test-classes"));
        }
        server = new ClassFileImporter().importPaths(dirs);
        assertThat(server.contain(INTERNAL + ".transport.WsEndpoint")).isTrue();
    }

    @Test
    void javaWebSocketTypesAppearOnlyInTheTransport() {
        javaWebSocketStaysInTheTransport.check(server);
    }

    @Test
    void theTransportRuleNamesAClassThatUsesJavaWebSocketElsewhere() {
        JavaClasses violating = new ClassFileImporter().importClasses(UsesJavaWebSocket.class);

        assertThatThrownBy(() -> javaWebSocketStaysInTheTransport.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UsesJavaWebSocket.class.getName())
                .hasMessageContaining("org.java_websocket.WebSocket");
    }

    @Test
    void javalinAndJettyTypesAppearOnlyInTheApi() {
        javalinStaysInTheApi.check(server);
    }

    @Test
    void theApiRuleNamesAClassThatUsesJavalinElsewhere() {
        JavaClasses violating = new ClassFileImporter().importClasses(UsesJavalin.class);

        assertThatThrownBy(() -> javalinStaysInTheApi.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UsesJavalin.class.getName())
                .hasMessageContaining("io.javalin.http.Context");
    }

    @Test
    void openTelemetryTypesAppearOnlyInTelemetry() {
        openTelemetryStaysInTelemetry.check(server);
    }

    @Test
    void theTelemetryRuleNamesAClassThatUsesOpenTelemetryElsewhere() {
        JavaClasses violating = new ClassFileImporter().importClasses(UsesOpenTelemetry.class);

        assertThatThrownBy(() -> openTelemetryStaysInTelemetry.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(UsesOpenTelemetry.class.getName())
                .hasMessageContaining("io.opentelemetry.api.trace.Span");
    }

    @Test
    void theModelProvidersAreReachedOnlyThroughTheirFactoryAndSettings() {
        providersOnlyThroughTheirFactory.check(server);
    }

    @Test
    void theModelRuleNamesAClassThatBuildsAProvidersModelItself() {
        JavaClasses violating = new ClassFileImporter().importClasses(ReachesAProviderDirectly.class);

        assertThatThrownBy(() -> providersOnlyThroughTheirFactory.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ReachesAProviderDirectly.class.getName())
                .hasMessageContaining("dev.langchain4j.model.openai.OpenAiStreamingChatModel");
    }

    @Test
    void noOtherConcernDependsOnTheTransport() {
        noClasses().that().resideInAPackage(INTERNAL + "..").and().resideOutsideOfPackage(TRANSPORT)
                .should().dependOnClassesThat().resideInAPackage(TRANSPORT)
                .because("operations, authentication, the model, logging, the protocol's mapping and the command's "
                        + "options are used by the transport, never the other way round; the HTTP API shares only the "
                        + "mapping (internal.wire) with it")
                .check(server);
    }
}
