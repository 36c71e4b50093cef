package dev.agentbuilder.chat.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A packaged jar of this module run as users run it ({@code java -jar target/NAME.jar ...}), stdout and stderr
 * merged. Lines are read on a daemon thread and handed over through a queue; everything else runs on the test thread.
 */
final class JarProcess implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(1);

    private JarProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar named by the system property {@code property} (set by the pom for Failsafe). */
    static JarProcess start(String property, String... args) throws IOException {
        String jar = System.getProperty(property);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no jar at " + property + "=" + jar + ": run through mvn verify");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        return new JarProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for a line that matches and returns it. */
    String awaitLine(Predicate<String> matching) throws InterruptedException {
        while (true) {
            String line = unread.poll(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no matching line within 60 s; output so far: " + output);
            }
            if (matching.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after 60 s; output: " + output);
        }
        return process.exitValue();
    }

    /** Everything the process printed, once it has exited and the reader has taken the last line. */
    String outputAfterExit() throws InterruptedException {
        if (!drained.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the output did not end within 30 s");
        }
        return String.join("\n", output);
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                unread.add(line);
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e.getMessage() + ")");
        } finally {
            drained.countDown();
        }
    }
}
