package dev.agentbuilder.chat.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for the server's HTTP API on 127.0.0.1: answers each request with the next scripted answer (the last one
 * again once they run out) and records what it was asked, as {@code METHOD /path}. The JDK's server threads write; the
 * test reads.
 */
final class FakeApi implements AutoCloseable {

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private volatile Answer last = new Answer(500, "{\"error\":{\"code\":\"internal\",\"message\":\"no script\"}}");
    final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeApi(HttpServer server) {
        this.server = server;
    }

    static FakeApi start() throws IOException {
        FakeApi api = new FakeApi(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        api.server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            api.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            Answer next = api.script.poll();
            Answer answer = next == null ? api.last : next;
            api.last = answer;
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : body.length);
            if (answer.status() != 204) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        api.server.start();
        return api;
    }

    FakeApi then(int status, String body) {
        script.add(new Answer(status, body));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String file(String id, String name, String status) {
        return "{\"fileId\":\"" + id + "\",\"name\":\"" + name + "\",\"size\":48213,\"type\":\"application/pdf\","
                + "\"status\":\"" + status + "\"" + ("failed".equals(status) ? ",\"error\":\"The PDF has no text.\""
                : "") + "}";
    }

    static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
