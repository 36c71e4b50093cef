package dev.agentbuilder.chat.server;

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

/** The packaged server jar, run as users run it: {@code java -jar chat-server.jar ...} in a child process. */
final class ServerProcess implements AutoCloseable {

    /** The "listening" line, as text or as JSON (which writes "/" as "\\/"). */
    private static final Pattern LISTENING = Pattern.compile("listening on ws:\\\\?/\\\\?/[^:]+:(\\d+)");

    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ServerProcess start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /**
     * Starts the jar with these environment variables added to the test's own, less any model settings and API keys
     * the machine running the tests may have.
     */
    static ServerProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        if (!List.of(args).contains("--admin-port")) {
            // Several servers run at once in some tests: none takes the default admin port.
            command.addAll(List.of("--admin-port", "0"));
        }
        if (!List.of(args).contains("--api-port")) {
            // Nor the API's.
            command.addAll(List.of("--api-port", "0"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "CHAT_MODEL",
                "CHAT_MODEL_NAME", "CHAT_BASE_URL", "CHAT_TEMPERATURE"));
        builder.environment().putAll(env);
        return new ServerProcess(builder.start());
    }

    /** Waits for the "listening" line and returns the port. */
    int awaitPort() throws InterruptedException {
        while (true) {
            String line = unread.poll(60, TimeUnit.SECONDS);
            assertThat(line).as("server output so far: %s", output).isNotNull();
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }

    /** The admin listener's port, from its "admin listening" line (waits up to 60 s for it). */
    int adminPort() {
        Pattern admin = Pattern.compile("admin listening on http:\\\\?/\\\\?/[^:]+:(\\d+)");
        String line = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> output.stream().filter(l -> admin.matcher(l).find()).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        Matcher m = admin.matcher(line);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The HTTP API's port, from its "API listening" line (waits up to 60 s for it). */
    int apiPort() {
        Pattern api = Pattern.compile("API listening on http:\\\\?/\\\\?/[^:]+:(\\d+)");
        String line = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> output.stream().filter(l -> api.matcher(l).find()).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        Matcher m = api.matcher(line);
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited; output: %s", output).isTrue();
        // The pipe ends once the process has exited: wait for its last lines.
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /**
     * SIGTERM. Through the process handle: {@code Process.destroy} also closes our end of the output pipe, and the
     * lines the server writes while it stops would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL: the JVM gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process freezes, its sockets stay open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", name).isTrue();
    }

    /** Waits up to 30 s for a line of output that matches. */
    /** Waits for a line that matches; a timeout fails with everything the process printed, to say what it did. */
    void awaitOutput(java.util.function.Predicate<String> line) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(output).as("the process's output").anyMatch(line));
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                unread.add(line);
            }
        } catch (IOException e) {
            output.add("(output closed: " + e + ")");
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
