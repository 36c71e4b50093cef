package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chat-cli status} against an admin listener served on loopback by the JDK's HTTP server. */
class StatusCommandTest {

    private static final String METRICS = """
            # HELP chat_connections Open WebSocket connections
            # TYPE chat_connections gauge
            chat_connections 3.0
            chat_threads_active 2.0
            chat_messages_received_total 41.0
            chat_turns_total{outcome="completed"} 38.0
            chat_turns_total{outcome="failed"} 2.0
            chat_model_errors_total{reason="rate_limited"} 2.0
            chat_model_errors_total{reason="timeout"} 1.0
            chat_connections_refused_total{code="4429"} 5.0
            """;

    private HttpServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int serve(int readyStatus, String readyBody) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/readyz", e -> reply(e, readyStatus, readyBody));
        server.createContext("/metrics", e -> reply(e, 200, METRICS));
        server.start();
        return server.getAddress().getPort();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int run(String... args) {
        CommandLine cmd = ChatCli.commandLine(new StringReader(""));
        cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void aReadyServerIsShownWithItsFiguresAndExitsZero() throws IOException {
        int port = serve(200, "ready\n");

        assertThat(run("status", "--admin-url", "http://127.0.0.1:" + port)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .containsPattern("ready\\s+yes \\(ready\\)")
                .containsPattern("connections\\s+3\\n")
                .containsPattern("active threads\\s+2")
                .containsPattern("messages received\\s+41")
                .containsPattern("turns\\s+38 completed, 0 cancelled, 2 failed")
                .containsPattern("model errors\\s+3")
                .containsPattern("refused connections\\s+5");
    }

    @Test
    void aServerThatIsNotReadySaysWhyAndExitsWithTheServerErrorStatus() throws IOException {
        int port = serve(503, "draining: shutting down, finishing running turns\n");

        assertThat(run("status", "--admin-url", "http://127.0.0.1:" + port + "/")).isEqualTo(ExitCodes.SERVER_ERROR);
        assertThat(out.toString()).containsPattern("ready\\s+no \\(draining: shutting down");
    }

    @Test
    void anAdminListenerThatDoesNotAnswerIsAConnectionFailureNamingIt() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }

        assertThat(run("status", "--admin-url", "http://127.0.0.1:" + closed)).isEqualTo(ExitCodes.CONNECTION);
        assertThat(err.toString()).contains("cannot reach the admin listener at http://127.0.0.1:" + closed);
    }
}
