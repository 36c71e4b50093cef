package dev.agentbuilder.chat.server.internal.telemetry;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK, set up by its autoconfiguration from {@code OTEL_*} (and {@code otel.*} system properties),
 * over defaults of ours that any of those overrides: OTLP over {@code http/protobuf} (the JDK's HTTP client sends it;
 * the jar has no gRPC sender), no log export (the server's logs go to its output), and the service name
 * {@value #SERVICE_NAME} unless {@code OTEL_SERVICE_NAME} or {@code OTEL_RESOURCE_ATTRIBUTES} names it. The only class
 * that {@link Telemetry} reaches when on, so that nothing of the SDK is loaded when off.
 */
final class OtelSdk {

    static final String SERVICE_NAME = "chat-server";
    private static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey("service.name");
    private static final String PROTOCOL = "http/protobuf";
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.exporter.otlp.protocol", PROTOCOL,
            "otel.logs.exporter", "none");
    /** How long the stop may wait for the last spans and metrics to be sent. */
    private static final long SHUTDOWN_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(OtelSdk.class);

    private OtelSdk() {
    }

    /** Starts the SDK; throws {@link ChatException} with the reason when the settings cannot work. */
    static Telemetry start(ModelSettings model) {
        AtomicReference<String> exporters = new AtomicReference<>();
        AtomicReference<String> service = new AtomicReference<>();
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> DEFAULTS)
                    .addPropertiesCustomizer(config -> {
                        exporters.set(exporters(config));
                        return Map.of();
                    })
                    .addResourceCustomizer((resource, config) -> {
                        Resource named = named(resource);
                        service.set(named.getAttribute(SERVICE_NAME_KEY));
                        return named;
                    })
                    // Shut down by the server's stop, once its last turns have ended, not by a hook of its own.
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
        } catch (ChatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatException("OpenTelemetry cannot start with these OTEL_* settings: " + e.getMessage(), e,
                    false);
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)
                    && !sdk.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS).isSuccess()) {
                log.warn("OpenTelemetry did not send everything it held within {} s of the stop", SHUTDOWN_SECONDS);
            }
        };
        return new Telemetry(new GenAiTracer(sdk, ModelTarget.of(model)), shutdown,
                exporters.get() + ", service " + service.get());
    }

    /**
     * The exporter of each signal, for the start-up log (names only: endpoints and headers may carry credentials).
     * An OTLP exporter over gRPC is refused here with a message that says what to do instead: the SDK's own error
     * asks for a library to be added to the class path.
     */
    private static String exporters(ConfigProperties config) {
        List<String> described = new ArrayList<>();
        boolean otlp = false;
        for (String signal : List.of("traces", "metrics", "logs")) {
            List<String> names = config.getList("otel." + signal + ".exporter", List.of("otlp"));
            if (names.contains("otlp")) {
                otlp = true;
                String protocol = config.getString("otel.exporter.otlp." + signal + ".protocol",
                        config.getString("otel.exporter.otlp.protocol", PROTOCOL));
                if (!PROTOCOL.equals(protocol)) {
                    throw new ChatException("OTLP over " + protocol + " is not supported: chat-server sends OTLP "
                            + "over http/protobuf (set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, and point "
                            + "OTEL_EXPORTER_OTLP_ENDPOINT at the collector's HTTP port, 4318 by default)", false);
                }
            }
            described.add(signal + " " + String.join("+", names));
        }
        return String.join(", ", described) + (otlp ? " (OTLP over " + PROTOCOL + ")" : "");
    }

    /** The resource, named {@value #SERVICE_NAME} unless the settings named it. */
    private static Resource named(Resource resource) {
        String name = resource.getAttribute(SERVICE_NAME_KEY);
        if (name == null || name.startsWith("unknown_service")) {
            return resource.merge(Resource.create(Attributes.of(SERVICE_NAME_KEY, SERVICE_NAME)));
        }
        return resource;
    }
}
