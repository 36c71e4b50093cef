package dev.agentbuilder.chat.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, both named explicitly so that Selenium Manager never tries
 * to download a browser (there is no network for that). Where they are missing the browser tests are skipped, unless
 * {@value #REQUIRE_ENV}=1 (set by .ci/run) turns the skip into a failure.
 *
 * <p>Used from the test thread only.
 */
final class Browser implements AutoCloseable {

    static final String REQUIRE_ENV = "CHAT_REQUIRE_BROWSER";

    private static final Path CHROMIUM = Path.of(envOr("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(envOr("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    // Selenium warns that it has no DevTools bindings for this Chromium's version; these tests use none. Held in
    // a field because java.util.logging keeps loggers only weakly.
    private static final Logger CDP_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    final ChromeDriver driver;
    /** Where the browser saves downloads, without asking: a fresh directory per browser. */
    private final Path downloads;

    private Browser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /**
     * Starts a headless Chromium; null when none is installed (each test then skips itself with
     * {@link #assumeInstalled()}), and a failure instead when {@value #REQUIRE_ENV}=1.
     */
    static Browser startIfInstalled() {
        String missing = missing();
        if (missing != null) {
            if (required()) {
                fail(missing + "; " + REQUIRE_ENV + " is set, so this is a failure, not a skip");
            }
            System.err.println("[browser tests skipped] " + missing + " (set " + REQUIRE_ENV + "=1 to fail instead)");
            return null;
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        Path downloads = createDownloadDirectory();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true));
        // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
        // --disable-dev-shm-usage: a container's small /dev/shm makes tabs crash under load.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-extensions");
        return new Browser(new ChromeDriver(service, options), downloads);
    }

    private static Path createDownloadDirectory() {
        try {
            return Files.createTempDirectory("web-chat-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the calling test, saying why, when there is no browser (fails it when one is required). */
    static void assumeInstalled() {
        String missing = missing();
        if (missing != null && required()) {
            fail(missing + "; " + REQUIRE_ENV + " is set, so this is a failure, not a skip");
        }
        Assumptions.assumeTrue(missing == null, () -> missing + "; skipped (set " + REQUIRE_ENV + "=1 to fail instead)");
    }

    private static boolean required() {
        String value = System.getenv(REQUIRE_ENV);
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    /** What is missing, or null when both are there. */
    private static String missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER.toString());
        }
        if (missing.isEmpty()) {
            return null;
        }
        return "the browser tests need Chromium and chromedriver, missing: " + missing
                + " (apt-get install chromium chromium-driver, or set CHROMIUM_BINARY and CHROMEDRIVER)";
    }

    /** Waits for {@code condition} to return something other than null or false, and returns it. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(() -> what, condition);
    }

    /** As {@link #await(String, Function)}, with a description made when the wait fails (it may read the page). */
    <T> T await(Supplier<String> what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .withMessage(() -> what.get() + "; page status: " + statusText())
                .until(condition);
    }

    /** Runs {@code script} in the page and returns its result. */
    @SuppressWarnings("unchecked")
    <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String statusText() {
        try {
            return driver.findElement(By.id("status")).getAttribute("data-status") + " / "
                    + driver.findElement(By.id("status-text")).getText();
        } catch (RuntimeException e) {
            return "(no status element: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** Forgets earlier downloads, so that the next one keeps its own name (Chromium adds " (1)" to a repeated one). */
    void clearDownloads() {
        try (var files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the browser has saved a download named {@code fileName} (complete) and returns its text. */
    String awaitDownload(String fileName) {
        Path file = downloads.resolve(fileName);
        return await(() -> "the download " + fileName + "; downloaded: " + downloadedNames(), d -> {
            // Chromium writes to "<name>.crdownload" and renames it once complete.
            if (!Files.isRegularFile(file) || Files.exists(downloads.resolve(fileName + ".crdownload"))) {
                return null;
            }
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** The names of the files downloaded so far. */
    List<String> downloadedNames() {
        try (var files = Files.list(downloads)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as a PNG; returns where. */
    Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("screenshot.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(downloads);
        } catch (IOException e) {
            // A temporary directory left behind is no reason to fail a test run.
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
