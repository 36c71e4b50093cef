package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged server with {@code --log-format json}: every line of its output is one JSON object, whatever stops
 * its start, and the lines of the JDK's own logging too.
 */
@Timeout(120)
class JsonLogIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every line of the output, each of which must be one JSON object. */
    private static List<JsonObject> jsonLines(ServerProcess server) {
        List<String> lines = server.output().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(isJsonObject(line))
                .as("a JSON object: %s", line).isTrue());
        return lines.stream().map(line -> JsonParser.parseString(line).getAsJsonObject()).toList();
    }

    private static boolean isJsonObject(String line) {
        try {
            return JsonParser.parseString(line).isJsonObject();
        } catch (JsonParseException e) {
            return false;
        }
    }

    private static void assertOneErrorLine(ServerProcess server, String reason) throws InterruptedException {
        assertThat(server.awaitExit()).as(server.output()).isEqualTo(2);
        assertThat(jsonLines(server)).filteredOn(line -> line.get("level").getAsString().equals("ERROR"))
                .singleElement().satisfies(line -> assertThat(line.get("formattedMessage").getAsString())
                        .startsWith("chat-server: ").contains(reason));
    }

    @Test
    void aBadOptionValueIsOneJsonErrorLineAndExitsTwo() throws Exception {
        try (ServerProcess server = ServerProcess.start("--log-format", "json", "--port", "abc")) {
            assertOneErrorLine(server, "'abc' is not an int");
        }
    }

    @Test
    void optionsThatDoNotFitTogetherAreOneJsonErrorLineAndExitTwo() throws Exception {
        try (ServerProcess server = ServerProcess.start("--log-format", "json", "--store", "postgres")) {
            assertOneErrorLine(server, "--store postgres needs --database-url");
        }
    }

    @Test
    void anEngineSettingOutOfRangeIsOneJsonErrorLineAndExitsTwo() throws Exception {
        // Found once the admin listener is up: its start-up line comes first, as JSON too.
        try (ServerProcess server = ServerProcess.start("--log-format", "JSON", "--host", "127.0.0.1", "--store",
                "memory", "--workers", "0")) {
            assertOneErrorLine(server, "workers must be >= 1: 0");
        }
    }

    @Test
    void theLogFormatFromTheEnvironmentIsTakenInAnyCase() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_LOG_FORMAT", "Json"), "--port", "abc")) {
            assertOneErrorLine(server, "--port");
        }
    }

    @Test
    void theJdksOwnLogLinesAreJsonToo() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_LOG_LEVEL", "DEBUG"), "--host", "127.0.0.1",
                "--port", "0", "--store", "memory", "--log-format", "json")) {
            server.awaitPort();
            int admin = server.adminPort();
            HttpResponse<String> healthz = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                    + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(healthz.statusCode()).isEqualTo(200);

            // The JDK's HTTP server logs each reply at DEBUG on System.Logger, which java.util.logging backs.
            server.awaitOutput(line -> isJsonObject(line) && isReplyLine(JsonParser.parseString(line)
                    .getAsJsonObject()));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(jsonLines(server)).anySatisfy(line -> assertThat(isReplyLine(line)).isTrue());
        }
    }

    @Test
    void aConnectionsJoinAndCloseLinesCarryItsIdInTheMdc() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_LOG_LEVEL", "DEBUG"), "--host", "127.0.0.1",
                "--port", "0", "--store", "memory", "--log-format", "json")) {
            int port = server.awaitPort();
            WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=mdc&userId=u1");
            String connectionId = client.expect("ready").get("connectionId").getAsString();
            client.close();
            assertThat(client.awaitClose()).isEqualTo(1000);

            server.awaitOutput(line -> line.contains("closed with"));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            List<JsonObject> lines = jsonLines(server);
            for (String message : List.of("connection " + connectionId + " joined thread mdc",
                    "connection " + connectionId + " closed with 1000")) {
                assertThat(lines).filteredOn(line -> line.get("formattedMessage").getAsString().equals(message))
                        .singleElement().satisfies(line -> assertThat(line.getAsJsonObject("mdc").toString())
                                .contains("\"connectionId\":\"" + connectionId + "\""));
            }
        }
    }

    private static boolean isReplyLine(JsonObject line) {
        return line.get("loggerName").getAsString().equals("com.sun.net.httpserver")
                && line.get("formattedMessage").getAsString().contains("/healthz");
    }
}
