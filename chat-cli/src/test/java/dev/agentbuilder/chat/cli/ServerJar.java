package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged chat-server, run as operators run it ({@code java -jar}), with its admin listener on a free port: the
 * in-process {@link TestServer} has neither the admin listener nor the engine's metrics, which the command wires.
 */
final class ServerJar implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServerJar(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        }, "chat-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar on 127.0.0.1, both ports free ones, with these options added. */
    static ServerJar start(String... options) throws IOException {
        Path jar = Path.of(System.getProperty("chat.server.jar", "../chat-server/target/chat-server.jar"));
        assertThat(Files.isRegularFile(jar)).as("the packaged server %s (mvn verify -pl chat-server,chat-cli)", jar)
                .isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
                "--api-port", "0"));
        command.addAll(List.of(options));
        return new ServerJar(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The WebSocket URL, once the server says it listens. */
    String url() {
        return "ws://127.0.0.1:" + port("chat-server listening on ws://[^:]+:(\\d+)");
    }

    /** The HTTP API's URL, once the server says it listens. */
    String apiUrl() {
        return "http://127.0.0.1:" + port("API listening on http://[^:]+:(\\d+)");
    }

    /** The admin listener's URL, once the server says it listens. */
    String adminUrl() {
        return "http://127.0.0.1:" + port("admin listening on http://[^:]+:(\\d+)");
    }

    private int port(String line) {
        Pattern pattern = Pattern.compile(line);
        Matcher found = await().atMost(Duration.ofSeconds(60)).until(() -> output.stream().map(pattern::matcher)
                .filter(Matcher::find).findFirst().orElse(null), Objects::nonNull);
        return Integer.parseInt(found.group(1));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
