package dev.agentbuilder.chat.server.internal.cli;

import dev.agentbuilder.chat.core.ChatEngine;
import dev.agentbuilder.chat.core.ChatException;
import dev.agentbuilder.chat.core.EngineDefaults;
import dev.agentbuilder.chat.server.ServerDefaults;
import dev.agentbuilder.chat.server.internal.model.ModelFactory;
import dev.agentbuilder.chat.server.internal.model.ModelSettings;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * chat-server's options for the model that plays the builder: the provider and its model, where to reach it, and
 * how long and how often a call may try.
 *
 * <p>Filled by picocli on the main thread before the command runs, and only read afterwards, on that thread.
 */
public final class ModelOptions {

    @Option(names = "--model", order = 30,
            defaultValue = "${env:CHAT_MODEL:-" + ServerDefaults.MODEL + "}", paramLabel = "offline|openai|anthropic",
            converter = ProviderConverter.class,
            description = "The model that plays the builder: offline (built in, no network), openai (OpenAI, or any "
                    + "OpenAI-compatible server with --base-url: Ollama, vLLM, LM Studio, llama.cpp) or anthropic. "
                    + "Keys come only from the env OPENAI_API_KEY / ANTHROPIC_API_KEY (env CHAT_MODEL).")
    ModelSettings.Provider model;

    @Option(names = "--model-name", order = 31, defaultValue = "${env:CHAT_MODEL_NAME}", paramLabel = "NAME",
            description = "The provider's model; default " + ModelSettings.DEFAULT_OPENAI_MODEL + " (openai), "
                    + ModelSettings.DEFAULT_ANTHROPIC_MODEL + " (anthropic); required with --base-url (env "
                    + "CHAT_MODEL_NAME).")
    String modelName;

    @Option(names = "--base-url", order = 32, defaultValue = "${env:CHAT_BASE_URL}", paramLabel = "URL",
            description = "The API's base URL, for OpenAI-compatible servers, e.g. http://localhost:11434/v1 for "
                    + "Ollama; an OPENAI_API_KEY is optional then (env CHAT_BASE_URL).")
    String baseUrl;

    @Option(names = "--temperature", order = 33, defaultValue = "${env:CHAT_TEMPERATURE}",
            description = "Sampling temperature, 0 to 2; default: the provider's (env CHAT_TEMPERATURE).")
    Double temperature;

    @Option(names = "--model-connect-timeout", order = 34, defaultValue = "${env:CHAT_MODEL_CONNECT_TIMEOUT:-"
                    + ServerDefaults.MODEL_CONNECT_TIMEOUT_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "How long connecting to the model provider may take (env CHAT_MODEL_CONNECT_TIMEOUT).")
    Duration modelConnectTimeout;

    @Option(names = "--model-first-token-timeout", order = 35, defaultValue = "${env:CHAT_MODEL_FIRST_TOKEN_TIMEOUT:-"
                    + ServerDefaults.MODEL_FIRST_TOKEN_TIMEOUT_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "How long the model may take to start answering before the call is retried or the turn "
                    + "fails (env CHAT_MODEL_FIRST_TOKEN_TIMEOUT).")
    Duration modelFirstTokenTimeout;

    @Option(names = "--model-idle-timeout", order = 36,
            defaultValue = "${env:CHAT_MODEL_IDLE_TIMEOUT:-" + ServerDefaults.MODEL_IDLE_TIMEOUT_SECONDS + "s}",
            converter = DurationConverter.class,
            description = "How long a started answer may pause before the turn fails (env CHAT_MODEL_IDLE_TIMEOUT).")
    Duration modelIdleTimeout;

    @Option(names = "--model-retries", order = 37,
            defaultValue = "${env:CHAT_MODEL_RETRIES:-" + EngineDefaults.MODEL_RETRIES + "}",
            description = "Retries of a model call that failed before its first token with an error a retry can fix "
                    + "(unreachable, 429, 5xx, timeout); never after it started answering (env CHAT_MODEL_RETRIES).")
    int modelRetries;

    @Option(names = "--model-retry-backoff", order = 38,
            defaultValue = "${env:CHAT_MODEL_RETRY_BACKOFF:-" + EngineDefaults.MODEL_RETRY_BACKOFF_MILLIS + "ms}",
            converter = DurationConverter.class,
            description = "Wait before the first retry, doubled for each further one (env "
                    + "CHAT_MODEL_RETRY_BACKOFF).")
    Duration modelRetryBackoff;

    @Option(names = "--offline-chunk-delay", order = 39, defaultValue = "${env:CHAT_OFFLINE_CHUNK_DELAY:-"
                    + ServerDefaults.OFFLINE_CHUNK_DELAY_MILLIS + "ms}",
            converter = DurationConverter.class,
            description = "Pause between streamed words of the offline builder model (env "
                    + "CHAT_OFFLINE_CHUNK_DELAY).")
    Duration offlineChunkDelay;

    /** Accepts the provider in any case: {@code openai}, {@code OpenAI}. */
    static final class ProviderConverter implements CommandLine.ITypeConverter<ModelSettings.Provider> {
        @Override
        public ModelSettings.Provider convert(String value) {
            for (ModelSettings.Provider p : ModelSettings.Provider.values()) {
                if (p.id().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a model; use offline, openai or "
                    + "anthropic");
        }
    }

    /**
     * The model's settings, its API key from {@code env}.
     *
     * @throws ChatException with a message for the operator when they cannot work
     */
    public ModelSettings settings(Function<String, String> env) {
        if (modelRetries < 0) {
            throw new ChatException("--model-retries must be 0 or more: " + modelRetries, false);
        }
        return ModelSettings.resolve(model, modelName, baseUrl, temperature, modelConnectTimeout,
                modelFirstTokenTimeout, modelIdleTimeout, env);
    }

    /** The model these settings describe. */
    public StreamingChatModel create(ModelSettings settings) {
        return ModelFactory.create(settings, offlineChunkDelay);
    }

    /** Sets the model and how long and how often a call of it may try on the engine's builder; returns it. */
    public ChatEngine.Builder applyTo(ChatEngine.Builder builder, StreamingChatModel chatModel) {
        return builder
                .model(chatModel)
                .modelIdleTimeout(modelIdleTimeout)
                .modelFirstTokenTimeout(modelFirstTokenTimeout)
                .modelRetries(modelRetries, modelRetryBackoff);
    }
}
