package dev.agentbuilder.chat.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them on a command line or in an environment variable, for every option of the server,
 * chat-cli and the web chat launcher: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 90d}, a bare number of seconds
 * ({@code 0}, {@code 30}), or ISO-8601 ({@code PT30S}); letters in any case, spaces around ignored. Zero is a
 * duration; an option that needs more says so itself. Stateless.
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Reads a duration.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms, for anything else (negative ISO-8601
     *                                  durations included)
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        Duration iso;
        try {
            iso = Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; use for example 250ms, 30s, 5m, 1h or 90d");
        }
        if (iso.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative; a duration is 0 or more");
        }
        return iso;
    }

    /** For messages: {@code 40 ms}, {@code 1.5 s}, {@code 60 s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
