package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as users start it: {@code java -jar chat-server.jar}. */
@Timeout(120)
class ServerJarIT {

    @TempDir
    Path dataDir;

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.start("--help")) {
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("--port", "--host", "--session-grace", "--max-message-chars",
                    "--store", "--data-dir", "CHAT_PORT", "--api-port", "CHAT_API_PORT", "--api-host");
        }
    }

    @Test
    void theJarServesABuilderConversationAndStopsCleanlyOnSigterm() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--offline-chunk-delay", "0")) {
            int port = server.awaitPort();

            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=jar&userId=u1");
            client.expect("ready");
            client.sendUserMessage("I want an agent that helps me plan trips", "c1");
            List<JsonObject> turn = client.framesThrough(f -> f.get("type").getAsString().equals("status")
                    && f.get("state").getAsString().equals("idle"));
            assertThat(turn).anySatisfy(f -> {
                assertThat(f.get("type").getAsString()).isEqualTo("agent_updated");
                assertThat(f.getAsJsonObject("agent").get("name").getAsString()).isNotBlank();
            });

            server.terminate();

            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(server.awaitExit()).isZero();
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(server.output()).contains("store: sqlite " + dataDir.resolve("chat.db"))
                    .contains("workers: " + Math.max(1, cores - 1) + ")")
                    .contains("connections are not authenticated")
                    .doesNotContain("plan trips").doesNotContain("ERROR");
        }
    }

    @Test
    void readySaysTheMessageLimitTheServerWasStartedWith() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--max-message-chars", "100")) {
            int port = server.awaitPort();

            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=limits&userId=u1");
            JsonObject limits = client.expect("ready").getAsJsonObject("limits");

            assertThat(limits.get("messageChars").getAsInt()).isEqualTo(100);
            assertThat(limits.get("nameChars").getAsInt()).isEqualTo(80);
            client.close();
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    void aPortInUseStopsTheStartWithOneLineNamingItAndNoStackTrace() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port",
                        String.valueOf(busy.getLocalPort()), "--data-dir", dataDir.toString())) {
            assertThat(server.awaitExit()).isNotZero();
            assertThat(server.output()).contains("could not listen on 127.0.0.1:" + busy.getLocalPort())
                    .doesNotContain("BindException").doesNotContain("\tat ").doesNotContain("ERROR");
        }
    }

    @Test
    void theJarServesTheHttpApiBesideTheWebSocketAndWarnsThatItTrustsEveryRequest() throws Exception {
        try (ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--store", "memory",
                "--offline-chunk-delay", "0")) {
            int port = server.awaitPort();
            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=jar-api&userId=u1");
            client.expect("ready");
            client.close();
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + server.apiPort();

            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/users/u1/threads"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/openapi.json"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains("\"threadId\":\"jar-api\"");
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("\"openapi\": \"3.1.0\"");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output()).contains("the HTTP API is not authenticated").doesNotContain("ERROR");
        }
    }

    @Test
    void anApiPortInUseStopsTheStartWithOneLineNamingIt() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerProcess server = ServerProcess.start("--host", "127.0.0.1", "--port", "0", "--api-port",
                        String.valueOf(busy.getLocalPort()), "--data-dir", dataDir.toString())) {
            assertThat(server.awaitExit()).isNotZero();
            assertThat(server.output()).contains("could not listen for API requests on 127.0.0.1:"
                    + busy.getLocalPort()).doesNotContain("\tat ").doesNotContain("ERROR");
        }
    }

    @Test
    void noSecretTokenOrMessageContentReachesTheLogEvenAtDebug() throws Exception {
        String secret = "jar-test-secret-0123456789-abcdefghijklmnop";
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_AUTH_SECRET", secret, "CHAT_LOG_LEVEL", "DEBUG"),
                "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(),
                "--offline-chunk-delay", "0")) {
            int port = server.awaitPort();
            String token = AccessTest.sign(secret, AccessTest.claims("u1", null, 60));
            String base = "ws://127.0.0.1:" + port + "/?threadId=quiet&userId=u1";

            WsRecorder client = WsRecorder.connect(base + "&token=" + token);
            client.expect("ready");
            client.sendUserMessage("my confidential plan Zebra-42", "c1");
            client.framesThrough(f -> f.get("type").getAsString().equals("status")
                    && f.get("state").getAsString().equals("idle"));
            WsRecorder header = WsRecorder.connect(base, Map.of("Authorization", "Bearer " + token));
            header.expect("ready");
            WsRecorder forged = WsRecorder.connect(base + "&token=" + token + "x");
            assertThat(forged.awaitClose()).isEqualTo(4401);
            try (RawClient broken = RawClient.upgrade(port, "/?threadId=quiet&userId=u1&token=" + token)) {
                broken.sendBytes(RawClient.maskedFrame(0x81, new byte[] {(byte) 0xC3, 0x28}));
                assertThat(broken.awaitCloseCode()).isEqualTo(1007);
            }
            client.close();
            header.close();
            server.terminate();

            assertThat(server.awaitExit()).isZero();
            assertThat(server.output())
                    .contains("DEBUG", "token=***")
                    .doesNotContain(secret)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                    .doesNotContain(token.substring(0, token.lastIndexOf('.')))
                    .doesNotContain("Zebra-42")
                    .doesNotContain("ERROR")
                    .doesNotContain("connections are not authenticated");
        }
    }

    @Test
    void aDatabaseItCannotUseStopsTheStartWithAMessageNamingTheFile() throws Exception {
        java.nio.file.Files.writeString(dataDir.resolve("chat.db"), "not a database ".repeat(200));
        try (ServerProcess server = ServerProcess.start("--port", "0", "--data-dir", dataDir.toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.output()).contains("chat-server: cannot use the database " + dataDir.resolve("chat.db"))
                    .doesNotContain("\tat ");
        }
    }
}
