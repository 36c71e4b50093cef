package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server warms up before it listens: /readyz says 503 meanwhile, the warm-up keeps to its time limit,
 * and nothing of it reaches the node's store. (Every other test's server skips the warm-up: CHAT_WARMUP=0 in the
 * build.)
 */
@Timeout(120)
class WarmupIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern WARMED = Pattern.compile("warmed up in (\\d+) ms: (\\d+) turns, (\\d+) connections");

    @TempDir
    Path data;
    @TempDir
    Path tmp;

    @Test
    void aNodeIsNotReadyWhileItWarmsUpKeepsToTheLimitAndLeavesNothingOfItInItsStore() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("CHAT_WARMUP", "2s",
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp), "--host", "127.0.0.1",
                "--port", "0", "--data-dir", data.toString(), "--api-port", "0")) {
            int admin = server.adminPort();
            server.awaitOutput(line -> line.contains("warming up for at most 2000 ms before listening"));
            assertThat(status(admin, "/readyz")).as("ready during the warm-up").isEqualTo(503);

            int port = server.awaitPort();

            String output = server.output();
            Matcher warmed = WARMED.matcher(output);
            assertThat(warmed.find()).as("the warm-up's line, in %s", output).isTrue();
            assertThat(output.indexOf(warmed.group())).as("warmed up before it listened")
                    .isLessThan(output.indexOf("chat-server listening on ws://127.0.0.1:" + port));
            assertThat(Long.parseLong(warmed.group(1))).as("ms, with the limit at 2 s").isLessThan(7_000);
            assertThat(Integer.parseInt(warmed.group(2)) + Integer.parseInt(warmed.group(3))).isPositive();
            assertThat(status(admin, "/readyz")).isEqualTo(200);
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("chat.db"));
                    ResultSet threads = db.createStatement().executeQuery("SELECT count(*) FROM threads")) {
                assertThat(threads.getLong(1)).as("threads in the node's store").isZero();
            }
            try (var files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .allMatch(name -> name.startsWith("chat.db") || name.endsWith(".lock"));
            }
            try (var files = Files.list(tmp)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("the warm-up's own store, in a temporary directory it deletes")
                        .noneMatch(name -> name.startsWith("chat-warmup-"));
            }
        }
    }

    private static int status(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
