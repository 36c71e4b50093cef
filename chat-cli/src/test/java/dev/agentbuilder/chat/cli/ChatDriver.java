package dev.agentbuilder.chat.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * Runs {@code chat-cli chat} on a thread of its own with a keyboard the test types on (a pipe) and a screen whose
 * lines the test awaits in order. The test thread is the only writer of the pipe and stays alive while the command
 * reads it.
 */
final class ChatDriver implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final BlockingQueue<String> screen = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringWriter err = new StringWriter();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "chat-under-test"));
    private final Future<Integer> exit;

    private ChatDriver(String... args) {
        PipedInputStream in;
        try {
            in = new PipedInputStream(keyboard, 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CommandLine cli = ChatCli.commandLine(new InputStreamReader(in, StandardCharsets.UTF_8))
                .setOut(new PrintWriter(new LineWriter(screen), true))
                .setErr(new PrintWriter(err, true));
        exit = runner.submit(() -> cli.execute(args));
    }

    static ChatDriver start(String... args) {
        return new ChatDriver(args);
    }

    void type(String line) {
        try {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void endInput() {
        try {
            keyboard.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line on the screen that matches, skipping the others. */
    String awaitLine(Predicate<String> wanted, String description) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : screen.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("no line " + description + " within " + TIMEOUT + "; the screen showed: " + seen);
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String awaitLineStartingWith(String prefix) {
        return awaitLine(line -> line.startsWith(prefix), "starting with \"" + prefix + "\"");
    }

    /** The next {@code count} lines, whatever they are, joined with newlines. */
    String awaitLines(long count) {
        StringBuilder text = new StringBuilder();
        for (long i = 0; i < count; i++) {
            text.append(i == 0 ? "" : "\n").append(awaitLine(l -> true, "(any)"));
        }
        return text.toString();
    }

    /** The lines from the next one equal to {@code first} to the next one equal to {@code last}, joined. */
    String awaitBlock(String first, String last) {
        awaitLine(first::equals, "equal to \"" + first + "\"");
        StringBuilder block = new StringBuilder(first).append('\n');
        String line;
        do {
            line = awaitLine(l -> true, "in the block");
            block.append(line).append('\n');
        } while (!line.equals(last));
        return block.toString();
    }

    int awaitExit() {
        try {
            return exit.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("chat did not exit within " + TIMEOUT + "; the screen showed: " + allLines(), e);
        }
    }

    /** Every line shown so far, awaited or not. */
    List<String> allLines() {
        screen.drainTo(seen);
        return List.copyOf(seen);
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        try {
            keyboard.close();
        } catch (IOException e) {
            // closing anyway
        }
        runner.shutdownNow();
    }

    /** A writer that hands every finished line to a queue. Guarded by {@code this}. */
    private static final class LineWriter extends Writer {

        private final BlockingQueue<String> lines;
        private final StringBuilder current = new StringBuilder();

        LineWriter(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    lines.add(current.toString());
                    current.setLength(0);
                } else if (c != '\r') {
                    current.append(c);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
