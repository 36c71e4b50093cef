package dev.agentbuilder.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.server.internal.model.ModelSettings.Provider;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The model flags: what starts, what is refused with which message, and that the key is never shown. */
class ModelOptionsTest {

    private static final Duration T = Duration.ofSeconds(10);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = ChatServerCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        ((ChatServerCommand) cmd.getCommand()).env = env::get;
        return cmd.execute(args);
    }

    private static ModelSettings resolve(Provider provider, String name, String url, Map<String, String> env) {
        return ModelSettings.resolve(provider, name, url, null, T, T, T, env::get);
    }

    @Test
    void helpListsTheModelOptionsAndTheKeyVariables() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("--model=offline|openai|anthropic", "--model-name", "--base-url",
                "--temperature",
                "--model-first-token-timeout", "--model-idle-timeout", "--model-retries", "OPENAI_API_KEY",
                "ANTHROPIC_API_KEY", "CHAT_MODEL");
    }

    @Test
    void anOptionValueTheServerRefusesIsAUsageErrorNamingTheProblem() {
        assertThat(run(Map.of(), "--store", "memory", "--max-pending-bytes", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("maxPendingBytes must be >= 65536: 10").contains("Usage:")
                .doesNotContain("ArgSpec").doesNotContain("\tat ");
    }

    @Test
    void anEngineSettingOutOfRangeIsAUsageErrorNamingTheProblem() {
        assertThat(run(Map.of(), "--store", "memory", "--workers", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("workers must be >= 1: 0").contains("Usage:")
                .doesNotContain("\tat ");
    }

    @Test
    void hostedOpenAiWithoutAKeyRefusesToStartNamingTheVariable() {
        assertThat(run(Map.of(), "--model", "openai", "--store", "memory", "--port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("chat-server: --model openai needs an API key")
                .contains("OPENAI_API_KEY").contains("--base-url").doesNotContain("\tat ");
    }

    @Test
    void anthropicWithoutAKeyRefusesToStartNamingTheVariable() {
        assertThat(run(Map.of("OPENAI_API_KEY", "sk-other"), "--model", "anthropic", "--store", "memory"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("ANTHROPIC_API_KEY").doesNotContain("\tat ");
    }

    @Test
    void aCustomBaseUrlNeedsNoKeyButAModelName() {
        ModelSettings ollama = resolve(Provider.OPENAI, "llama3.1", "http://localhost:11434/v1", Map.of());
        assertThat(ollama.apiKey()).isNull();
        assertThat(ollama.describe()).isEqualTo("openai llama3.1 at http://localhost:11434/v1 (no API key)");

        assertThat(run(Map.of(), "--model", "openai", "--base-url", "http://localhost:11434/v1", "--store", "memory"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("--model-name is required with --base-url");
    }

    @Test
    void hostedProvidersHaveDefaultModelNames() {
        assertThat(resolve(Provider.OPENAI, null, null, Map.of("OPENAI_API_KEY", "sk-1")).modelName())
                .isEqualTo("gpt-4o-mini");
        assertThat(resolve(Provider.ANTHROPIC, " ", null, Map.of("ANTHROPIC_API_KEY", "sk-2")).modelName())
                .isEqualTo(ModelSettings.DEFAULT_ANTHROPIC_MODEL);
        assertThat(resolve(Provider.OFFLINE, "ignored", null, Map.of()).describe()).isEqualTo("offline");
    }

    @Test
    void theKeyIsInNoDescriptionOfTheSettings() {
        ModelSettings settings = resolve(Provider.OPENAI, null, null, Map.of("OPENAI_API_KEY", "sk-hidden-42"));

        assertThat(settings.apiKey()).isEqualTo("sk-hidden-42");
        assertThat(settings.toString()).doesNotContain("sk-hidden-42");
        assertThat(settings.describe()).isEqualTo("openai gpt-4o-mini");
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-1");
        assertThatThrownBy(() -> ModelSettings.resolve(Provider.OPENAI, null, null, 2.5, T, T, T, env::get))
                .isInstanceOf(ChatException.class).hasMessageContaining("--temperature");
        assertThatThrownBy(() -> resolve(Provider.OPENAI, "m", "ftp://example.com/v1", env))
                .isInstanceOf(ChatException.class).hasMessageContaining("--base-url");
        assertThatThrownBy(() -> resolve(Provider.OPENAI, "m", "http://user:secret@example.com/v1", env))
                .isInstanceOf(ChatException.class).hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ModelSettings.resolve(Provider.OPENAI, null, null, null, T, Duration.ZERO, T,
                env::get)).isInstanceOf(ChatException.class).hasMessageContaining("--model-first-token-timeout");
    }

    @Test
    void aDurationTheServerCannotReadIsAUsageErrorSayingHowToWriteOne() {
        assertThat(run(Map.of(), "--store", "memory", "--shutdown-drain", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration; use for example 250ms, 30s, 5m, 1h or 90d")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownModelOrAnApiKeyFlagIsAUsageError() {
        assertThat(run(Map.of(), "--model", "gemini")).isEqualTo(2);
        assertThat(err.toString()).contains("'gemini' is not a model; use offline, openai or anthropic");
        assertThat(run(Map.of(), "--api-key", "sk-1")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option");
    }
}
