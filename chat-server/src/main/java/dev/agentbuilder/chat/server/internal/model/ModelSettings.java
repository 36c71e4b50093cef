package dev.agentbuilder.chat.server.internal.model;

import dev.agentbuilder.chat.core.ChatException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which language model plays the builder, and how to reach it. Immutable. The API key comes only from the
 * environment and is never printed: {@link #toString()} leaves it out.
 *
 * @param provider          offline, openai (and every OpenAI-compatible server) or anthropic
 * @param modelName         the provider's model name; null for offline
 * @param baseUrl           the API's base URL; null for the provider's own
 * @param temperature       sampling temperature, or null for the provider's default
 * @param apiKey            the key, or null (allowed for an OpenAI-compatible server at a custom base URL)
 * @param connectTimeout    how long connecting to the provider may take
 * @param firstTokenTimeout how long the provider may take to start answering (also the HTTP response timeout)
 * @param idleTimeout       how long a started answer may pause
 */
public record ModelSettings(
        Provider provider,
        String modelName,
        URI baseUrl,
        Double temperature,
        String apiKey,
        Duration connectTimeout,
        Duration firstTokenTimeout,
        Duration idleTimeout) {

    /** The model families the server can drive. */
    public enum Provider {
        OFFLINE, OPENAI, ANTHROPIC;

        /** The flag's spelling: {@code openai}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String OPENAI_KEY_ENV = "OPENAI_API_KEY";
    public static final String ANTHROPIC_KEY_ENV = "ANTHROPIC_API_KEY";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5-20251001";

    public ModelSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (provider != Provider.OFFLINE) {
            Objects.requireNonNull(modelName, "modelName");
        }
    }

    /**
     * Settings from the command line, the API key from the environment. Throws {@link ChatException} with a message
     * for the operator when they cannot work: a hosted provider without its key, a custom base URL without a model
     * name, a base URL that is not http(s), a temperature out of range.
     */
    public static ModelSettings resolve(Provider provider, String modelName, String baseUrl, Double temperature,
            Duration connectTimeout, Duration firstTokenTimeout, Duration idleTimeout, Function<String, String> env) {
        String name = blankToNull(modelName);
        URI url = baseUrl(blankToNull(baseUrl));
        if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
            throw new ChatException("--temperature must be between 0 and 2: " + temperature, false);
        }
        requirePositive("--model-connect-timeout", connectTimeout);
        requirePositive("--model-first-token-timeout", firstTokenTimeout);
        requirePositive("--model-idle-timeout", idleTimeout);
        return switch (provider) {
            case OFFLINE -> new ModelSettings(provider, null, null, null, null, connectTimeout, firstTokenTimeout,
                    idleTimeout);
            case OPENAI -> {
                String key = blankToNull(env.apply(OPENAI_KEY_ENV));
                if (key == null && url == null) {
                    throw new ChatException("--model openai needs an API key: set the " + OPENAI_KEY_ENV
                            + " environment variable, or point --base-url at an OpenAI-compatible server that needs "
                            + "none (Ollama: --base-url http://localhost:11434/v1)", false);
                }
                if (name == null && url != null) {
                    throw new ChatException("--model-name is required with --base-url: the model as the server "
                            + "names it, for example --model-name llama3.1 for Ollama", false);
                }
                yield new ModelSettings(provider, name == null ? DEFAULT_OPENAI_MODEL : name, url, temperature, key,
                        connectTimeout, firstTokenTimeout, idleTimeout);
            }
            case ANTHROPIC -> {
                String key = blankToNull(env.apply(ANTHROPIC_KEY_ENV));
                if (key == null) {
                    throw new ChatException("--model anthropic needs an API key: set the " + ANTHROPIC_KEY_ENV
                            + " environment variable", false);
                }
                yield new ModelSettings(provider, name == null ? DEFAULT_ANTHROPIC_MODEL : name, url, temperature,
                        key, connectTimeout, firstTokenTimeout, idleTimeout);
            }
        };
    }

    /** The model as metrics and traces name it when a response does not: {@code offline} for the offline model. */
    public String metricName() {
        return provider == Provider.OFFLINE ? "offline" : modelName;
    }

    /** For the start-up log line: provider, model and URL, never the key. */
    public String describe() {
        if (provider == Provider.OFFLINE) {
            return "offline";
        }
        return provider.id() + " " + modelName + (baseUrl == null ? "" : " at " + baseUrl)
                + (apiKey == null ? " (no API key)" : "");
    }

    @Override
    public String toString() {
        return "ModelSettings[" + describe() + ", temperature=" + temperature + ", connectTimeout=" + connectTimeout
                + ", firstTokenTimeout=" + firstTokenTimeout + ", idleTimeout=" + idleTimeout + "]";
    }

    private static URI baseUrl(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        // Not echoed: a URL with credentials in it should not land in a terminal's scrollback or a log.
        throw new ChatException("--base-url must be an http:// or https:// URL without query or credentials, "
                + "for example http://localhost:11434/v1", false);
    }

    private static void requirePositive(String flag, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new ChatException(flag + " must be more than 0: " + d, false);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
