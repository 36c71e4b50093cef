package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbuilder.chat.core.ThreadMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a user would: {@code java -jar target/chat-cli.jar ...} against an in-process server. */
@Timeout(120)
class CliJarIT {

    private TestServer server;

    @TempDir
    Path tmp;

    @BeforeEach
    void startServer() {
        server = TestServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void sendPrintsTheReplyAndExitsZero() throws Exception {
        Run run = run("send", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "I want an agent that helps me plan trips");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ThreadMessage> messages = server.messages("t1");
        assertThat(run.out()).isEqualTo(messages.get(messages.size() - 1).content() + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void verboseLogsOnStderr() throws Exception {
        Run run = run("--verbose", "agent", "--url", server.url(), "--thread", "t1", "--user", "u1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"name\"");
        assertThat(run.err()).contains("DEBUG");
    }

    @Test
    void refusedConnectionExitsThree() throws Exception {
        String url = server.url();
        server.close();
        Run run = run("send", "--url", url, "--thread", "t1", "--user", "u1", "hello");
        server = TestServer.start();

        assertThat(run.exitCode()).isEqualTo(ChatCli.EXIT_CONNECTION);
        assertThat(run.err().lines()).singleElement().asString().startsWith("chat-cli: cannot connect");
    }

    @Test
    void helpExitsZero() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: chat-cli", "Exit codes:");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("chat.cli.jar", "target/chat-cli.jar");
        assertThat(Paths.get(jar)).exists();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Files.createFile(tmp.resolve("in-" + System.nanoTime()))
                        .toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chat-cli did not exit within 60 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
