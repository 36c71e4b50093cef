package dev.agentbuilder.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged chat-server, run as operators run it ({@code java -jar chat-server.jar}) in a child process on
 * 127.0.0.1, its admin listener on a free port. Its output is read on a thread of its own into thread-safe
 * collections; the rest is the test's.
 */
final class ServerJar implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("chat-server listening on ws://[^:]+:(\\d+)");

    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private int port;

    private ServerJar(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "chat-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the jar with {@code env} added to this process's environment (less any model settings and keys it may
     * have) and these options, and waits until it listens.
     */
    static ServerJar start(Map<String, String> env, String... options) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("chat.server.jar", "../chat-server/target/chat-server.jar"));
        assertThat(Files.isRegularFile(jar)).as("the packaged server %s (mvn verify -pl chat-client -am)", jar)
                .isTrue();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--host", "127.0.0.1", "--admin-port", "0",
                "--api-port", "0"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CHAT_MODEL",
                "CHAT_MODEL_NAME", "CHAT_BASE_URL", "CHAT_AUTH_SECRET", "CHAT_PORT", "CHAT_DATA_DIR"));
        builder.environment().putAll(env);
        ServerJar server = new ServerJar(builder.start());
        server.port = server.awaitPort();
        return server;
    }

    static ServerJar start(String... options) throws IOException, InterruptedException {
        return start(Map.of(), options);
    }

    int port() {
        return port;
    }

    String url() {
        return "ws://127.0.0.1:" + port;
    }

    /** SIGKILL: the JVM gets no chance to close a connection or finish a write. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private int awaitPort() throws InterruptedException {
        while (true) {
            String line = unread.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("the server's output so far: %s", output).isNotNull();
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                unread.add(line);
            }
        } catch (IOException e) {
            output.add("(output closed: " + e + ")");
        }
    }
}
