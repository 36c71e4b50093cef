package dev.agentbuilder.chat.server.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** When OpenTelemetry is on, and that off it costs nothing: the engine's untraced tracer, no SDK class loaded. */
class TelemetryTest {

    static final ModelSettings OFFLINE = ModelSettings.resolve(ModelSettings.Provider.OFFLINE, null, null, null,
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), name -> null);

    private static Function<String, String> env(Map<String, String> variables) {
        return variables::get;
    }

    @Test
    void withoutOtelSettingsTheEngineGetsTheTracerThatCostsNothing() {
        try (Telemetry telemetry = Telemetry.fromEnvironment(env(Map.of()), OFFLINE)) {
            assertThat(telemetry.tracer()).isSameAs(EngineTracer.NONE);
            assertThat(telemetry.on()).isFalse();
        }
    }

    @Test
    void anEndpointOrATracesExporterTurnsItOnUnlessTheSdkIsDisabled() {
        assertThat(Telemetry.wanted(env(Map.of()))).isFalse();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "  ")))).isFalse();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_SERVICE_NAME", "chat")))).isFalse();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))).isTrue();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_TRACES_EXPORTER", "console")))).isTrue();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "TRUE"))))
                .isFalse();
        assertThat(Telemetry.wanted(env(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "false"))))
                .isTrue();
    }

    @Test
    void offTelemetryLoadsNoOpenTelemetryClass() throws Exception {
        List<String> loaded = new CopyOnWriteArrayList<>();
        // This test's class path in a loader of its own, which sees every class it loads (the JDK's aside).
        try (URLClassLoader isolated = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                loaded.add(name);
                return super.findClass(name);
            }
        }) {
            Class<?> telemetry = Class.forName(Telemetry.class.getName(), true, isolated);
            Class<?> settings = isolated.loadClass(ModelSettings.class.getName());
            Function<String, String> noVariables = name -> null;
            Object off = telemetry.getMethod("fromEnvironment", Function.class, settings).invoke(null, noVariables,
                    null);
            Object tracer = telemetry.getMethod("tracer").invoke(off);
            telemetry.getMethod("close").invoke(off);

            assertThat(tracer.getClass().getName()).isEqualTo(EngineTracer.NONE.getClass().getName());
        }
        assertThat(loaded).contains(Telemetry.class.getName())
                .noneMatch(name -> name.startsWith("io.opentelemetry."));
    }

    @Test
    void otlpOverGrpcIsRefusedWithWhatToSetInstead() {
        // The SDK reads its settings from the environment and system properties; a property is what a test can set.
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        try {
            assertThatThrownBy(() -> Telemetry.fromEnvironment(
                    env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")), OFFLINE))
                    .isInstanceOf(ChatException.class)
                    .hasMessageContaining("OTLP over grpc is not supported")
                    .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
        } finally {
            System.clearProperty("otel.exporter.otlp.protocol");
        }
    }

    private static URL[] classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(entry -> {
            try {
                return new File(entry).toURI().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(entry, e);
            }
        }).toArray(URL[]::new);
    }
}
