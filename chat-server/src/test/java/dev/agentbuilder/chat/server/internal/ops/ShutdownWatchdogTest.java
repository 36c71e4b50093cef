package dev.agentbuilder.chat.server.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog halts a JVM whose stop overruns; it runs in a child JVM, since it ends the process it watches. */
class ShutdownWatchdogTest {

    /** A process whose stop never finishes. */
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch neverStopped = new CountDownLatch(1);
        ShutdownWatchdog.start(Duration.ofMillis(300), neverStopped);
        neverStopped.await();
    }

    @Test
    void aStopThatOverrunsIsHaltedWithStatus70AndAnErrorLine(@TempDir Path dir) throws IOException,
            InterruptedException {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShutdownWatchdogTest.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        boolean ended = child.waitFor(30, TimeUnit.SECONDS);
        child.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended; output: %s", output).isTrue();
        assertThat(child.exitValue()).isEqualTo(ShutdownWatchdog.HALT_STATUS).isNotZero();
        assertThat(output).contains("ERROR").contains("halting with status 70");
    }
}
