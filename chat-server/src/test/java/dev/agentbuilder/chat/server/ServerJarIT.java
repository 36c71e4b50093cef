package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packaged jar, started as users start it: {@code java -jar chat-server.jar}. */
@Timeout(120)
class ServerJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on ws://[^:]+:(\\d+)");

    private Process process;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void helpListsTheOptionsAndExitsZero() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar().toString(), "--help")
                .redirectErrorStream(true);
        process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output).contains("--port", "--host", "--session-grace", "--max-message-chars", "CHAT_PORT");
    }

    @Test
    void theJarServesABuilderConversationAndStopsCleanlyOnSigterm() throws Exception {
        process = new ProcessBuilder(java(), "-jar", jar().toString(), "--host", "127.0.0.1", "--port", "0",
                "--offline-chunk-delay", "0")
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(process, lines), "server-output");
        reader.setDaemon(true);
        reader.start();
        int port = awaitPort(lines);

        WsRecorder client = WsRecorder.connect("ws://127.0.0.1:" + port + "/?threadId=jar&userId=u1");
        client.expect("ready");
        client.sendUserMessage("I want an agent that helps me plan trips", "c1");
        List<JsonObject> turn = client.framesThrough(f -> f.get("type").getAsString().equals("status")
                && f.get("state").getAsString().equals("idle"));
        assertThat(turn).anySatisfy(f -> {
            assertThat(f.get("type").getAsString()).isEqualTo("agent_updated");
            assertThat(f.getAsJsonObject("agent").get("name").getAsString()).isNotBlank();
        });

        process.destroy(); // SIGTERM

        assertThat(client.awaitClose()).isEqualTo(1001);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(String.join("\n", lines)).doesNotContain("plan trips").doesNotContain("ERROR");
    }

    private static int awaitPort(BlockingQueue<String> lines) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("server output so far: %s", seen).isNotNull();
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output closed: " + e + ")");
        }
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("chat.server.jar", "target/chat-server.jar"));
        assertThat(Files.isRegularFile(jar)).as("packaged jar %s (run mvn verify)", jar).isTrue();
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
