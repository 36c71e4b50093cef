package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.agentbuilder.chat.core.ThreadMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aMessageSentOnceTheDaysTokensAreSpentIsRefusedInTheServersWordsWithTheRenewalAndExitsSeven()
            throws Exception {
        server.close();
        server = TestServer.start(engine -> engine.tokensPerUserPerDay(50));
        assertThat(Cli.run("send", "--url", server.url(), "--thread", "t1", "--user", "u1",
                "I want an agent that helps me plan trips").exitCode()).isZero();
        long used = server.messages("t1").get(1).usage().total();

        Run run = run("send", "--url", server.url(), "--thread", "t1", "--user", "u1", "Call it Wanderlust");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.QUOTA_EXCEEDED).isEqualTo(7);
        assertThat(run.out()).isEmpty();
        assertThat(used).as("the first reply's tokens").isGreaterThan(50);
        String midnight = "\\d{4}-\\d\\d-\\d\\dT00:00:00(\\.000)?Z";
        assertThat(run.err()).matches("chat-cli: the message was not sent: You have used your 50 tokens for today\\. "
                + "Your budget renews at " + midnight + " \\(midnight UTC\\)\\. \\(tokens today: " + used
                + "/50; the budget renews at " + midnight + "\\)\\R");
        assertThat(server.messages("t1")).as("nothing stored").hasSize(2);
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

        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(run.err().lines()).singleElement().asString().startsWith("chat-cli: cannot connect");
    }

    @Test
    void threadsCommandsListRenameAndDeleteFromThePackagedJar() throws Exception {
        assertThat(run("send", "--url", server.url(), "--thread", "t1", "--user", "u1", "hello").exitCode()).isZero();

        Run renamed = run("threads", "rename", "t1", "Trips with Mum", "--url", server.url(), "--user", "u1");
        Run listed = run("threads", "list", "--url", server.url(), "--user", "u1");
        Run unknown = run("threads", "rename", "nope", "Title", "--url", server.url(), "--user", "u1");
        // Its stdin is a file, not a terminal: nothing to ask on, so nothing is deleted without --yes.
        Run unconfirmed = run("threads", "delete", "t1", "--url", server.url(), "--user", "u1");
        Run deleted = run(Map.of("CHAT_URL", server.url(), "CHAT_USER", "u1"), "threads", "delete", "t1", "--yes");
        Run empty = run("threads", "list", "--json", "--url", server.url(), "--user", "u1");

        assertThat(renamed.exitCode()).as(renamed.err()).isZero();
        assertThat(renamed.out()).isEqualTo("Renamed t1: Trips with Mum" + System.lineSeparator());
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out().lines().toList()).hasSize(2).last().asString()
                .startsWith("Trips with Mum  ").endsWith("  t1");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("without --yes");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(empty.out().strip()).isEqualTo("{\"type\":\"threads\",\"threads\":[]}");
    }

    @Test
    void helpExitsZero() throws Exception {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: chat-cli", "Exit codes:");
    }

    @Test
    void tokenFromTheEnvironmentIsSentAsABearerHeaderAndNeverLogged() throws Exception {
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.ZnJvbS10aGUtZW52";
        try (RefusingServer refusing = RefusingServer.start("unauthorized", "The token has expired.", 4401)) {
            Run run = run(Map.of("CHAT_TOKEN", token), "--verbose", "send", "--url", refusing.url(),
                    "--thread", "t1", "--user", "u1", "hello");

            assertThat(refusing.awaitHandshake().authorization()).isEqualTo("Bearer " + token);
            assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
            assertThat(run.err()).contains("DEBUG", "with headers [Authorization]",
                    "chat-cli: the server refused the connection: unauthorized (4401)");
            assertThat(run.out() + run.err()).doesNotContain(token);
        }
    }

    @Test
    void tokenCommandTakesTheSecretFromTheEnvironmentAndNeverShowsIt() throws Exception {
        String secret = "from-the-environment-and-32-bytes";
        Map<String, String> env = Map.of("CHAT_AUTH_SECRET", secret, "CHAT_USER", "alice");

        Run minted = run(env, "--verbose", "token", "--thread", "t1");
        Run help = run(env, "token", "--help");

        assertThat(minted.exitCode()).as(minted.err()).isZero();
        SignedJWT jwt = SignedJWT.parse(minted.out().strip());
        assertThat(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(help.exitCode()).isZero();
        assertThat(minted.err() + help.out() + help.err()).doesNotContain(secret);
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Runs the jar with {@code env} added to this process's environment. */
    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("chat.cli.jar", "target/chat-cli.jar");
        assertThat(Paths.get(jar)).exists();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder
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
