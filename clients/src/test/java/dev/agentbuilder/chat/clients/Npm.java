package dev.agentbuilder.chat.clients;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Node.js and npm as the build runs them: the TypeScript packages' own checks and tests, from JUnit. Where Node.js 20
 * or newer is missing these tests are skipped with the reason, unless {@value #REQUIRE_ENV}=1 (set by .ci/run) turns
 * the skip into a failure, as for the browser tests.
 *
 * <p>Stateless; each call runs a process and waits for it.
 */
public final class Npm {

    public static final String REQUIRE_ENV = "CHAT_REQUIRE_NODE";

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final int OLDEST_NODE = 20;

    private Npm() {
    }

    /** Whether Node.js 20 or newer and npm are here. */
    public static boolean installed() {
        return missing() == null;
    }

    /** Skips the calling test, saying why, when Node.js or npm is missing (fails it when they are required). */
    public static void assumeInstalled() {
        String missing = missing();
        if (missing != null && required()) {
            fail(missing + "; " + REQUIRE_ENV + " is set, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(missing == null, () -> missing + "; skipped (set " + REQUIRE_ENV + "=1 to fail instead)");
    }

    /**
     * {@code npm ci} in {@code dir} when its {@code node_modules} is missing or older than its lockfile: what .ci/run
     * does before the build, done here for a developer who has not.
     */
    public static void installIfNeeded(Path dir) {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        try {
            if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(dir, Map.of(), Duration.ofMinutes(5), "ci", "--no-audit", "--no-fund");
    }

    /**
     * Runs {@code npm args...} in {@code dir} and returns what it printed (stdout and stderr together); fails the test,
     * with that output, when it exits with anything but 0 or takes longer than {@code timeout}.
     */
    public static String run(Path dir, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("npm"));
        command.addAll(List.of(args));
        return exec(dir, env, timeout, command);
    }

    /** Runs {@code command} in {@code dir}; as {@link #run}. */
    public static String exec(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile("npm-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(env);
                // npm's update check and funding notes are noise in a build log, and the first needs the network.
                builder.environment().put("NO_UPDATE_NOTIFIER", "1");
                builder.environment().put("npm_config_update_notifier", "false");
                builder.environment().put("npm_config_fund", "false");
                Process process = builder.start();
                boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                }
                String printed = Files.readString(output, StandardCharsets.UTF_8);
                System.out.println("$ " + String.join(" ", command) + "   (in " + dir + ")\n" + printed);
                if (!ended) {
                    fail(String.join(" ", command) + " took longer than " + timeout + ":\n" + printed);
                }
                if (process.exitValue() != 0) {
                    fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + printed);
                }
                return printed;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static boolean required() {
        String value = System.getenv(REQUIRE_ENV);
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    /** What is missing, or null when Node.js 20 or newer and npm both run. */
    private static String missing() {
        String node = versionOf("node");
        if (node == null) {
            return "the TypeScript tests need Node.js " + OLDEST_NODE + " or newer and npm, and there is no node";
        }
        Matcher major = NODE_VERSION.matcher(node);
        if (!major.find() || Integer.parseInt(major.group(1)) < OLDEST_NODE) {
            return "the TypeScript tests need Node.js " + OLDEST_NODE + " or newer, and this is " + node.strip();
        }
        if (versionOf("npm") == null) {
            return "the TypeScript tests need npm, and there is none";
        }
        return null;
    }

    private static String versionOf(String program) {
        try {
            Process process = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? printed : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
