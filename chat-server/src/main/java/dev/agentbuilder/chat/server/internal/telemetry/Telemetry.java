package dev.agentbuilder.chat.server.internal.telemetry;

import dev.agentbuilder.chat.core.EngineTracer;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import java.util.Locale;
import java.util.function.Function;

/**
 * OpenTelemetry for the server: on when the standard environment asks for an exporter
 * ({@value #ENDPOINT} or {@value #TRACES_EXPORTER} set, and {@value #SDK_DISABLED} not {@code true}), off otherwise.
 * When off, the engine gets {@link EngineTracer#NONE} and no OpenTelemetry class is loaded: this class names none,
 * and only {@link OtelSdk}, reached when on, does. When on, the SDK is configured by its autoconfiguration from every
 * {@code OTEL_*} variable (and {@code otel.*} system property), with a few defaults of ours ({@link OtelSdk}).
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class Telemetry implements AutoCloseable {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
    static final String SDK_DISABLED = "OTEL_SDK_DISABLED";

    private static final Telemetry OFF = new Telemetry(EngineTracer.NONE, () -> {
    }, "off");

    private final EngineTracer tracer;
    private final Runnable shutdown;
    private final String description;

    Telemetry(EngineTracer tracer, Runnable shutdown, String description) {
        this.tracer = tracer;
        this.shutdown = shutdown;
        this.description = description;
    }

    /**
     * Starts the SDK if the environment asks for it. {@code env} looks up an environment variable (the command's,
     * which tests replace); its system property ({@code otel.exporter.otlp.endpoint}...) counts too, as it does for
     * the SDK. Throws {@link dev.agentbuilder.chat.core.ChatException} when the settings cannot work.
     */
    public static Telemetry fromEnvironment(Function<String, String> env, ModelSettings model) {
        return wanted(setting -> {
            String value = env.apply(setting);
            return value != null ? value : System.getProperty(setting.toLowerCase(Locale.ROOT).replace('_', '.'));
        }) ? OtelSdk.start(model) : OFF;
    }

    /** Whether these settings turn OpenTelemetry on. */
    static boolean wanted(Function<String, String> setting) {
        if ("true".equalsIgnoreCase(trimmed(setting.apply(SDK_DISABLED)))) {
            return false;
        }
        return !trimmed(setting.apply(ENDPOINT)).isEmpty() || !trimmed(setting.apply(TRACES_EXPORTER)).isEmpty();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

    /** What the engine reports each turn to: {@link EngineTracer#NONE} when off. */
    public EngineTracer tracer() {
        return tracer;
    }

    /** Whether anything is exported. */
    public boolean on() {
        return this != OFF;
    }

    /** For the start-up log: off, or where traces and metrics go (exporter names, never endpoints or headers). */
    public String describe() {
        return description;
    }

    /** Exports what is still buffered and stops the SDK, within a few seconds; when off, does nothing. */
    @Override
    public void close() {
        shutdown.run();
    }
}
