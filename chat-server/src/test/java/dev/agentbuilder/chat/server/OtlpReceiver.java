package dev.agentbuilder.chat.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver, as small as it can be: {@code POST /v1/traces} and
 * {@code /v1/metrics} on loopback, their protobuf bodies decoded with the OTLP classes and kept, with the raw bytes,
 * for the test to read. Thread-safe: the lists are written by its one handler thread and read by the test.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One request as it arrived: path, content type and body (unzipped). */
    record Payload(String path, String contentType, byte[] body) {
        /** The body's bytes as text: a string the server sent would show in it as its UTF-8 bytes. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService handler = Executors.newSingleThreadExecutor(r -> new Thread(r, "otlp-receiver"));
    private final List<Payload> payloads = new CopyOnWriteArrayList<>();
    private final List<ResourceSpans> spans = new CopyOnWriteArrayList<>();
    private final List<ResourceMetrics> metrics = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(handler);
        server.createContext("/v1/traces", exchange -> receive(exchange, body -> {
            spans.addAll(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
            return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        }));
        server.createContext("/v1/metrics", exchange -> receive(exchange, body -> {
            metrics.addAll(ExportMetricsServiceRequest.parseFrom(body).getResourceMetricsList());
            return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        }));
    }

    static OtlpReceiver start() throws IOException {
        OtlpReceiver receiver = new OtlpReceiver(
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        receiver.server.start();
        return receiver;
    }

    /** The base URL, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}: the exporters add {@code /v1/traces} and the rest. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Payload> payloads() {
        return List.copyOf(payloads);
    }

    /** Every span received so far, of every resource and scope. */
    List<Span> spans() {
        return spans.stream().flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream()).toList();
    }

    /** Every metric received so far, one entry per export. */
    List<Metric> metrics() {
        return metrics.stream().flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream()).toList();
    }

    /** The {@code service.name} of each resource that sent spans or metrics. */
    List<String> serviceNames() {
        return java.util.stream.Stream.concat(spans.stream().map(ResourceSpans::getResource),
                        metrics.stream().map(ResourceMetrics::getResource))
                .map(resource -> string(resource.getAttributesList(), "service.name"))
                .filter(Objects::nonNull).distinct().toList();
    }

    /** The string value of the attribute {@code key}, or null. */
    static String string(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).findFirst()
                .map(a -> a.getValue().getStringValue()).orElse(null);
    }

    @Override
    public void close() {
        server.stop(0);
        handler.shutdownNow();
    }

    private interface Decoder {
        byte[] decode(byte[] body) throws IOException;
    }

    private void receive(HttpExchange exchange, Decoder decoder) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            payloads.add(new Payload(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            byte[] answer;
            try {
                answer = decoder.decode(body);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }
}
