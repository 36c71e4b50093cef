package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server refuses to start, naming the file, when it cannot write its data. Permission bits do not stop
 * root, so when the tests run as root the server runs as the user {@code nobody} (with {@code setpriv}).
 */
@Timeout(120)
class UnwritableStoreIT {

    @TempDir
    Path tmp;

    @Test
    void aReadOnlyDataDirectoryStopsTheStartWithAMessageNamingIt() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("r-xr-xr-x"));

        Result result = startServer(dataDir);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("chat-server: the data directory " + dataDir + " is not writable")
                .contains(dataDir.resolve("chat.db.lock").toString())
                .doesNotContain("\tat ");
    }

    @Test
    void aReadOnlyDatabaseFileStopsTheStartWithAMessageNamingIt() throws Exception {
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        try (ServerProcess first = ServerProcess.start("--port", "0", "--host", "127.0.0.1",
                "--data-dir", dataDir.toString())) {
            first.awaitPort();
            first.terminate();
            assertThat(first.awaitExit()).isZero();
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dataDir.resolve("chat.db.lock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(dataDir.resolve("chat.db"), PosixFilePermissions.fromString("r--r--r--"));

        Result result = startServer(dataDir);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("chat-server: cannot use the database " + dataDir.resolve("chat.db"))
                .containsIgnoringCase("readonly");
    }

    private record Result(int exitCode, String output) {
    }

    private Result startServer(Path dataDir) throws IOException, InterruptedException {
        // Everything the other user runs must be readable by it: copy the jar next to the test's files.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(ServerProcess.jar(), tmp.resolve("chat-server.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(ServerProcess.java(), "-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0",
                "--admin-port", "0", "--api-port", "0",
                "--data-dir", dataDir.toString()));
        Path log = tmp.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as("the server should have refused to start, but it is running: %s", output).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes()).trim();
        id.waitFor();
        return uid.equals("0");
    }
}
